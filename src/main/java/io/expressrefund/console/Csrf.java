package io.expressrefund.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Double-submit CSRF token of the console: an HttpOnly, SameSite=Strict cookie that every state-changing form
 * repeats in a hidden field. A cross-site page can neither read the cookie nor make the browser send it.
 */
@RequestScoped
@jakarta.inject.Named("csrf")
public class Csrf {
    static final String COOKIE = "console-csrf";
    static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String fromCookie;
    private String token;

    public Csrf(HttpHeaders headers) {
        var cookie = headers.getCookies().get(COOKIE);
        this.fromCookie = cookie == null || cookie.getValue().length() < 32 ? null : cookie.getValue();
    }

    /** The token to put in forms; a new one when the browser has none yet (the response filter sets it). */
    public String token() {
        if (token == null) {
            token = fromCookie != null ? fromCookie : newToken();
        }
        return token;
    }

    /** A token made for this response that the browser does not hold yet. */
    String issued() {
        return token != null && !token.equals(fromCookie) ? token : null;
    }

    /** Refuses a form whose field does not repeat the cookie. */
    public void check(String submitted) {
        if (fromCookie == null || submitted == null || !MessageDigest.isEqual(
                fromCookie.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            throw new ConsoleException(403, "This form has expired or did not come from the console. Reload the page and try again.");
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
