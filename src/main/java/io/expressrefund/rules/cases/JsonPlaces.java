package io.expressrefund.rules.cases;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Where in a JSON text a field is written. Jackson reports a record's unknown field at the end of its object (it
 * reads the whole object before it builds the record), which would send an editor to the closing brace; a rule
 * author wants the line of the misspelt key.
 */
final class JsonPlaces {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonPlaces() {
    }

    /** The place of the value at {@code path} (of a field, its name), or of the deepest part of it found; null if unreadable. */
    static JsonLocation of(String json, List<JsonMappingException.Reference> path) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonLocation found = parser.currentTokenLocation();
            for (JsonMappingException.Reference step : path) {
                JsonLocation next = step.getFieldName() != null ? field(parser, step.getFieldName())
                        : element(parser, step.getIndex());
                if (next == null) {
                    break;
                }
                found = next;
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Moves to the value of {@code name} in the object the parser is at, and gives the place of the name. */
    private static JsonLocation field(JsonParser parser, String name) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            JsonLocation at = parser.currentTokenLocation();
            boolean wanted = name.equals(parser.currentName());
            parser.nextToken();
            if (wanted) {
                return at;
            }
            parser.skipChildren();
        }
        return null;
    }

    /** Moves to element {@code index} of the array the parser is at, and gives its place. */
    private static JsonLocation element(JsonParser parser, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY || index < 0) {
            return null;
        }
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY && parser.currentToken() != null; i++) {
            if (i == index) {
                return parser.currentTokenLocation();
            }
            parser.skipChildren();
        }
        return null;
    }
}
