package io.expressrefund.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateExtension;

/**
 * {@code {name.query}} in a template: a value written into a link's query string, percent-encoded. Found by hand:
 * a file name written as it was broke its link at a space, {@code &}, {@code #} or {@code +}.
 */
@TemplateExtension
final class QueryValues {
    private QueryValues() {
    }

    static String query(String value) {
        // A slash may stand in a query, and a file's path reads better with its own.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
