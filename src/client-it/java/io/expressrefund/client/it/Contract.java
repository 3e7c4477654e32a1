package io.expressrefund.client.it;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API document as the service serves it, held against every answer the generated client receives: the
 * operation the request called must be in it, the status must be one it declares for that operation, and the
 * answer's content type one it declares for that status. Each answer is counted per operation, so that a test
 * can tell which operations were called and how they answered.
 */
final class Contract {
    private static final Pattern TEMPLATE = Pattern.compile("\\{[^/}]+}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final List<Operation> operations;
    private final Map<String, Set<Integer>> answered = new ConcurrentHashMap<>();

    /** One operation: its method, its path as a pattern, and what it may answer (status to media types). */
    record Operation(String id, String method, String path, Pattern pattern, Map<String, Set<String>> responses) {
    }

    private Contract(List<Operation> operations) {
        this.operations = operations;
    }

    /** The operations under {@code /api/} of an OpenAPI document (as JSON). */
    static Contract of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                Map<String, Set<String>> responses = new TreeMap<>();
                for (Map.Entry<String, JsonNode> response : method.getValue().path("responses").properties()) {
                    Set<String> types = new TreeSet<>();
                    response.getValue().path("content").properties().forEach(type -> types.add(type.getKey()));
                    responses.put(response.getKey(), types);
                }
                operations.add(new Operation(method.getValue().path("operationId").asText(null),
                        method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), pattern(path.getKey()), responses));
            }
        }
        // A literal path wins over a template that also matches it (/refund-decisions/evaluate, not /{refundId}).
        operations.sort(Comparator.comparingLong(operation -> TEMPLATE.matcher(operation.path()).results().count()));
        return new Contract(List.copyOf(operations));
    }

    List<Operation> operations() {
        return operations;
    }

    /**
     * Checks one answer against the document and counts it (the generated client's response interceptor):
     * an answer the document does not describe fails the call that received it.
     */
    void check(HttpResponse<InputStream> response) {
        String method = response.request().method();
        String path = response.request().uri().getRawPath();
        Operation operation = operations.stream()
                .filter(candidate -> candidate.method().equals(method) && candidate.pattern().matcher(path).matches())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the document has no operation for " + method + " " + path));
        String status = Integer.toString(response.statusCode());
        Set<String> declared = operation.responses().get(status);
        if (declared == null) {
            throw new AssertionError(operation.id() + " answered " + status + ", which the document does not declare for it: "
                    + operation.responses().keySet());
        }
        String contentType = response.headers().firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        if (declared.isEmpty() ? contentType != null && response.statusCode() != 204 : !declared.contains(contentType)) {
            throw new AssertionError(operation.id() + " answered " + status + " as " + contentType
                    + "; the document declares " + declared);
        }
        answered.computeIfAbsent(operation.id(), id -> new TreeSet<>()).add(response.statusCode());
    }

    /** The statuses each operation answered so far, by operationId. */
    Map<String, Set<Integer>> answered() {
        Map<String, Set<Integer>> copy = new LinkedHashMap<>();
        operations.forEach(operation -> copy.put(operation.id(), Set.copyOf(answered.getOrDefault(operation.id(), Set.of()))));
        return copy;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher variables = TEMPLATE.matcher(template);
        int at = 0;
        while (variables.find()) {
            regex.append(Pattern.quote(template.substring(at, variables.start()))).append("[^/]+");
            at = variables.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString());
    }
}
