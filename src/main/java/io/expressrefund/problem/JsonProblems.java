package io.expressrefund.problem;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * JSON that cannot be read, in the service's own words: the offending field by its JSON path and what it must
 * be, never a Java class name. The same words answer a request and report a rule case that cannot be read.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** The field and why; the field is {@code body} when the JSON as a whole is at fault. */
    public static FieldViolation violation(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            JsonLocation at = e.getLocation();
            return new FieldViolation("body", at == null ? "is not valid JSON"
                    : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : " (known: " + unknown.getKnownPropertyIds()
                    .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            return new FieldViolation(pathOf(unknown), "is not a field this service knows; nothing is dropped silently" + known);
        }
        if (e instanceof InvalidFormatException badValue) {
            return new FieldViolation(pathOf(badValue), describeBadValue(badValue));
        }
        if (e instanceof MismatchedInputException mismatched) {
            return new FieldViolation(pathOf(mismatched), "must be " + JsonTypes.describe(mismatched.getTargetType()));
        }
        if (e instanceof JsonMappingException mapping) {
            if (mapping.getCause() instanceof InputCoercionException outOfRange) {
                return new FieldViolation(pathOf(mapping), "is out of range for " + JsonTypes.describe(outOfRange.getTargetType()));
            }
            return new FieldViolation(pathOf(mapping), "has a value that cannot be read");
        }
        return new FieldViolation("body", "cannot be read as JSON");
    }

    static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String describeBadValue(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            return "must be one of " + List.of(target.getEnumConstants()) + ", not " + JsonTypes.quote(e.getValue());
        }
        return "must be " + JsonTypes.describe(target) + ", not " + JsonTypes.quote(e.getValue());
    }
}
