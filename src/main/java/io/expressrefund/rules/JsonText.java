package io.expressrefund.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Turns a case posted as a JSON value back into the text a case file would hold, laid out as {@code jq .} and
 * {@code JSON.stringify(value, null, 2)} lay it out (two spaces, one value per line), so that the line a problem
 * of the case names is the line of the case file its author keeps in that layout.
 */
final class JsonText {
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
            .withoutSpacesInObjectEntries());

    private JsonText() {
    }

    static String of(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a case cannot be written as JSON", e);
        }
    }
}
