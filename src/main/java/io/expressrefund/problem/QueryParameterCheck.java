package io.expressrefund.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;

/**
 * Holds an API operation's query to what it reads, as the body is held to its fields: a parameter the operation
 * does not have is a {@code 400} naming it, not ignored (a misspelt filter widened a listing without a word:
 * {@code decidedFrom=} for {@code from=} listed every decision), and so is one given twice (which of the two counts
 * is not for a caller to guess). The console's pages, which a browser may call with parameters of its own, are left
 * alone.
 */
public class QueryParameterCheck {
    private static final String API = "/api/";
    private final Map<Method, Set<String>> parametersByOperation = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(ResourceInfo operation, HttpServerRequest request) {
        String query = request.query();
        if (query == null || query.isEmpty() || !request.path().startsWith(API) || operation.getResourceMethod() == null) {
            return;
        }
        Set<String> known = parametersByOperation.computeIfAbsent(operation.getResourceMethod(), QueryParameterCheck::queryParameters);
        List<FieldViolation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            if (!known.contains(name)) {
                violations.add(new FieldViolation(name, "is not a query parameter of this operation; nothing is ignored silently"
                        + (known.isEmpty() ? " (it has none)" : " (it has: " + String.join(", ", known) + ")")));
            } else if (!seen.add(name)) {
                violations.add(new FieldViolation(name, "is given twice: give each query parameter once"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.stream().distinct().toList());
        }
    }

    /** A name as decoded; the HTTP layer refuses a query whose percent-encoding cannot be read before this runs. */
    private static String decoded(String name) {
        try {
            return QueryStringDecoder.decodeComponent(name);
        } catch (IllegalArgumentException unreadable) {
            return name;
        }
    }

    private static Set<String> queryParameters(Method operation) {
        Set<String> names = new TreeSet<>();
        for (Annotation[] annotations : operation.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam parameter) {
                    names.add(parameter.value());
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
