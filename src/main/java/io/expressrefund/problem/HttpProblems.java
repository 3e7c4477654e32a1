package io.expressrefund.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers with problem+json what HTTP refuses before a request reaches a resource: wrong or expired
 * credentials on the API (401, with the challenges of both schemes) and a body over the limit (413, told by its
 * Content-Length before it is read). Without this, both are empty answers.
 */
@Singleton
public class HttpProblems {
    static final Problem UNAUTHORIZED = Problem.of("unauthorized", "Unauthorized", 401,
            "Credentials are missing, wrong or expired: use HTTP Basic or a bearer token.");
    private static final String BASIC_CHALLENGE = "Basic realm=\"express-refund\"";
    private static final String BEARER_CHALLENGE = "Bearer";

    private final ObjectMapper json;
    private final long maxBody;

    public HttpProblems(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.json = json;
        this.maxBody = maxBody.asLongValue();
    }

    static Response unauthorized(Response problem) {
        return Response.fromResponse(problem).header("WWW-Authenticate", BASIC_CHALLENGE)
                .header("WWW-Authenticate", BEARER_CHALLENGE).build();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseTooLarge);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::authenticationFailed);
    }

    private void refuseTooLarge(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBody) {
            context.response().putHeader("Connection", "close");
            send(context.response(), Problem.of("body-too-large", "Body too large", 413,
                    "The body is over " + maxBody / 1024 + " KiB."));
            return;
        }
        context.next();
    }

    private void authenticationFailed(RoutingContext context) {
        HttpServerResponse response = context.response();
        // The console's form login answers its own failures (back to the login page).
        if (response.headWritten() || !(context.failure() instanceof AuthenticationException)
                || !context.request().path().startsWith("/api/")) {
            context.next();
            return;
        }
        response.headers().remove("WWW-Authenticate");
        response.headers().add("WWW-Authenticate", BASIC_CHALLENGE);
        response.headers().add("WWW-Authenticate", BEARER_CHALLENGE);
        send(response, UNAUTHORIZED);
    }

    private void send(HttpServerResponse response, Problem problem) {
        try {
            response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.setStatusCode(problem.status()).end();
        }
    }
}
