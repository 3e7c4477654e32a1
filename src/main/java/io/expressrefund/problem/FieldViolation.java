package io.expressrefund.problem;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One offending field of a request, named by its JSON path ({@code order.paidAmount}), and why. Both may hold what
 * the caller sent (a field name it made up, a value quoted in the message): they keep it only as {@link ShownText}
 * shows it.
 */
@Schema(description = "An offending field, by its JSON path, and why")
public record FieldViolation(String field, String message) {

    public FieldViolation {
        field = ShownText.of(field, ShownText.MAX_NAME);
        message = ShownText.of(message, Integer.MAX_VALUE);
    }

    /** A Bean Validation violation, its field named as the caller wrote it. */
    public static FieldViolation of(ConstraintViolation<?> violation) {
        return new FieldViolation(fieldOf(violation), violation.getMessage());
    }

    /**
     * Bean Validation names a body field {@code evaluate.request.order.paidAmount}: keep the JSON part. A query,
     * path or header parameter is named by its Java parameter, which is the name it has on the wire; the body
     * parameter of every resource method is called {@code request}, and is the {@code body} itself.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, RETURN_VALUE, CROSS_PARAMETER -> names.clear();
                case PARAMETER -> {
                    names.clear();
                    if (!"request".equals(node.getName()) && node.getName() != null) {
                        names.add(node.getName());
                    }
                }
                case CONTAINER_ELEMENT -> {
                    // A list's element is named "<list element>" with its index: order.serviceTags[0]. A map's key or
                    // value by its key, as JSON reaches it: files.extra/a.drl, facts.ProductFacts.
                    if (node.getIndex() != null && !names.isEmpty()) {
                        names.set(names.size() - 1, names.get(names.size() - 1) + "[" + node.getIndex() + "]");
                    } else if (node.getKey() != null && !names.isEmpty()) {
                        names.add(String.valueOf(node.getKey()));
                    }
                }
                default -> {
                    if (node.getName() != null) {
                        names.add(node.getIndex() == null ? node.getName() : node.getName() + "[" + node.getIndex() + "]");
                    } else if (node.getIndex() != null && !names.isEmpty()) {
                        names.set(names.size() - 1, names.get(names.size() - 1) + "[" + node.getIndex() + "]");
                    }
                }
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }
}
