package io.expressrefund.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The console's login, cookies, CSRF and Content-Security-Policy, and that /api answers as before. */
@QuarkusTest
class ConsoleSecurityTest {
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @Test
    void theApiStillChallengesWithBasicAndTheConsoleRedirectsToItsLoginPage() {
        Response api = given().redirects().follow(false).get("/api/v1/rules");
        api.then().statusCode(401);
        assertTrue(api.getHeaders().getValues("WWW-Authenticate").stream()
                .anyMatch(challenge -> challenge.toLowerCase().startsWith("basic")), api.getHeaders().toString());
        given().redirects().follow(false).get("/console/rules").then().statusCode(302)
                .header("Location", endsWith("/console/login"));
        given().redirects().follow(false).get("/console/static/console.css").then().statusCode(200);
        // The chart library comes from its webjar, served by the service itself (templates/console/replay.html).
        given().redirects().follow(false).get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        given().redirects().follow(false).get("/webjars/uplot/1.6.30/dist/uPlot.min.css").then().statusCode(200);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedToTheConsole() {
        Response login = logIn("operator", "operator-secret");
        String setCookie = login.getHeaders().getValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(ConsolePages.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=strict"), setCookie);
        assertTrue(setCookie.contains("Path=/console"), setCookie);
        given().redirects().follow(false).get("/console/j_security_check").then().statusCode(not(200));
        logIn("operator", "wrong").then().statusCode(302).header("Location", containsString("/console/login?error=true"));
    }

    @Test
    void everyPageHasAPolicyWithoutInlineScriptAndNoInlineScriptOrHandler() {
        String session = logIn("operator", "operator-secret").getCookie(ConsolePages.SESSION_COOKIE);
        for (String page : new String[] { "/console/rules", "/console/rules/file?name=express/policy.drl",
                "/console/rules/draft?name=express/policy.drl", "/console/rules/replays", "/console/decisions" }) {
            Response response = given().cookie(ConsolePages.SESSION_COOKIE, session).get(page);
            assertEquals(200, response.statusCode(), page);
            String policy = response.header("Content-Security-Policy");
            assertNotNull(policy, page);
            assertTrue(policy.contains("script-src 'self'"), policy);
            assertFalse(policy.contains("unsafe-inline"), policy);
            assertFalse(INLINE_SCRIPT.matcher(response.asString()).find(), page + " has an inline script");
            assertFalse(HANDLER.matcher(response.asString()).find(), page + " has an on*= handler");
            assertTrue(response.header(ServerTiming.HEADER).matches("app;dur=[0-9]+\\.[0-9]"), response.header(ServerTiming.HEADER));
        }
        given().get("/console/login").then().header("Content-Security-Policy", containsString("script-src 'self'"));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        String session = logIn("operator", "operator-secret").getCookie(ConsolePages.SESSION_COOKIE);
        Response page = given().cookie(ConsolePages.SESSION_COOKIE, session).get("/console/rules");
        String csrf = page.getCookie(Csrf.COOKIE);
        assertNotNull(csrf);
        String setCookie = page.getHeaders().getValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(Csrf.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase().contains("httponly") && setCookie.toLowerCase().contains("samesite=strict"), setCookie);

        given().cookie(ConsolePages.SESSION_COOKIE, session).cookie(Csrf.COOKIE, csrf).formParam("name", "express/x.drl")
                .formParam("text", "package express\n").formParam("action", "validate").post("/console/rules/draft")
                .then().statusCode(403).body(containsString("did not come from the console"));
        given().cookie(ConsolePages.SESSION_COOKIE, session).cookie(Csrf.COOKIE, csrf).formParam("csrf", "forged-" + csrf)
                .formParam("name", "express/x.drl").formParam("text", "package express\n").formParam("action", "validate")
                .post("/console/rules/draft").then().statusCode(403);
        given().cookie(ConsolePages.SESSION_COOKIE, session).cookie(Csrf.COOKIE, csrf).formParam("csrf", csrf)
                .formParam("name", "express/x.drl").formParam("text", "package express\n").formParam("action", "validate")
                .post("/console/rules/draft").then().statusCode(200).body(containsString("id=\"outcome\">Valid"));
    }

    @Test
    void aDraftOfAFileOverTwoKibibytesIsValidated() throws java.io.IOException {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("rules/express/eligibility.drl"));
        assertTrue(text.length() > 2048, "a form field over the 2 KiB Quarkus takes by default");
        String session = logIn("operator", "operator-secret").getCookie(ConsolePages.SESSION_COOKIE);
        String csrf = given().cookie(ConsolePages.SESSION_COOKIE, session).get("/console/rules").getCookie(Csrf.COOKIE);
        given().cookie(ConsolePages.SESSION_COOKIE, session).cookie(Csrf.COOKIE, csrf).formParam("csrf", csrf)
                .formParam("name", "express/eligibility.drl").formParam("text", text).formParam("action", "validate")
                .post("/console/rules/draft").then().statusCode(200).body(containsString("id=\"outcome\">Valid"));
    }

    @Test
    void savingADraftIsOffByDefault() {
        String session = logIn("operator", "operator-secret").getCookie(ConsolePages.SESSION_COOKIE);
        String csrf = given().cookie(ConsolePages.SESSION_COOKIE, session).get("/console/rules").getCookie(Csrf.COOKIE);
        given().cookie(ConsolePages.SESSION_COOKIE, session).cookie(Csrf.COOKIE, csrf).formParam("csrf", csrf)
                .formParam("name", "express/x.drl").formParam("text", "package express\n").formParam("action", "save")
                .post("/console/rules/draft").then().statusCode(403).body(containsString("refund.console.save-rules"));
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("rules/express/x.drl")));
    }

    private static Response logIn(String user, String password) {
        return given().redirects().follow(false).formParam("j_username", user).formParam("j_password", password)
                .post("/console/j_security_check");
    }
}
