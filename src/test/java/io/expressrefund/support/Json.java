package io.expressrefund.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object under construction, changed by dotted paths such as {@code order.paidAmount}. */
public final class Json {
    private final Map<String, Object> root;

    Json(Map<String, Object> root) {
        this.root = root;
    }

    public static Json object() {
        return new Json(new LinkedHashMap<>());
    }

    /** Sets a field; {@code null} sets JSON null. */
    public Json with(String path, Object value) {
        parentOf(path).put(leafOf(path), value);
        return this;
    }

    /** Removes a field altogether. */
    public Json without(String path) {
        parentOf(path).remove(leafOf(path));
        return this;
    }

    public Map<String, Object> map() {
        return root;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parentOf(String path) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], key -> new LinkedHashMap<String, Object>());
        }
        return node;
    }

    private static String leafOf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
