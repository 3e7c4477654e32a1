package io.expressrefund.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.expressrefund.platform.JsonCustomizer;

/**
 * JSON that cannot be read, in the service's own words: the offending field by its JSON path and what it must
 * be, never a Java class name. The same words answer a request and report a rule case that cannot be read.
 */
public final class JsonProblems {
    private static final String DUPLICATE = "Duplicate field '";
    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\('.+?' \\(code (\\d+)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");

    private JsonProblems() {
    }

    /** The field and why; the field is {@code body} when the JSON as a whole is at fault. */
    public static FieldViolation violation(JsonProcessingException e) {
        JsonParseException duplicate = duplicateIn(e);
        if (duplicate != null) {
            return new FieldViolation(pathOf(duplicate, duplicateField(duplicate)), "is given twice: give each field once");
        }
        StreamConstraintsException limit = limitIn(e);
        if (limit != null) {
            // A number past its bound fails as it is read, before any field has it: the body is all that can be named.
            return new FieldViolation(e instanceof JsonMappingException mapping ? pathOf(mapping) : "body", overLimit(limit));
        }
        JsonParseException syntax = syntaxErrorIn(e);
        if (syntax != null) {
            JsonLocation at = syntax.getLocation();
            return new FieldViolation("body", (at == null ? "is not valid JSON"
                    : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + syntaxWords(syntax));
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

    /**
     * The parser's failure on text that is not JSON, also where reading a nested value wrapped it (a comma before the
     * closing brace of a nested object was "request.order has a value that cannot be read"); null when none.
     */
    public static JsonParseException syntaxErrorIn(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonParseException parse && duplicateField(parse) == null) {
                return parse;
            }
        }
        return null;
    }

    /**
     * What the parser found, in words, with what to write where it is a likely slip: a comma after the last field,
     * a comment, single or curly quotes, full-width punctuation. Found by hand: a case with any of them was "not valid
     * JSON", and nothing more.
     */
    public static String syntaxWords(JsonParseException e) {
        String original = String.valueOf(e.getOriginalMessage());
        Matcher unexpected = UNEXPECTED.matcher(original);
        if (unexpected.find()) {
            char found = (char) Integer.parseInt(unexpected.group(1));
            String ascii = TypedPunctuation.asciiFor(found);
            if (ascii != null) {
                return ": '" + found + "' is not JSON; write '" + ascii + "' (typed with a Chinese input method, or pasted from a "
                        + "document?)";
            }
            return switch (found) {
                case '}', ']' -> ": a comma before this " + found + " (JSON takes none after the last "
                        + (found == '}' ? "field" : "value") + ")";
                case '/', '#' -> ": JSON has no comments (a case may say what it is about in \"description\")";
                case '\'' -> ": JSON quotes names and text with \" only";
                default -> ": unexpected '" + ShownText.of(String.valueOf(found), 1) + "'";
            };
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return ": the text ends before the JSON does (a } or ] missing?)";
        }
        Matcher token = UNRECOGNIZED_TOKEN.matcher(original);
        if (token.find()) {
            return ": " + ShownText.of(token.group(1), 40) + " is not a JSON value (text is quoted with \", and true, false "
                    + "and null are in lower case)";
        }
        return "";
    }

    private static StreamConstraintsException limitIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                return limit;
            }
        }
        return null;
    }

    /** Which of the bounds on any JSON the service reads was passed (Jackson's message names its setting). */
    private static String overLimit(StreamConstraintsException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("NestingDepth")) {
            return "is nested more than " + JsonCustomizer.MAX_NESTING + " levels deep";
        }
        if (message.contains("StringLength")) {
            return "has a string of more than " + JsonCustomizer.MAX_STRING_LENGTH + " characters";
        }
        if (message.contains("NumberLength")) {
            return "has a number of more than " + JsonCustomizer.MAX_NUMBER_LENGTH + " characters";
        }
        return "is larger than this service reads";
    }

    /**
     * The parser's failure on a field given twice in one object (strict duplicate detection), if that is what failed:
     * where the parser read it, also when reading a nested object wrapped it. Its location is the second field's.
     */
    public static JsonParseException duplicateIn(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse && duplicateField(parse) != null) {
                return parse;
            }
        }
        return null;
    }

    /** The field a parser found twice in one object, if that is what it failed on. */
    private static String duplicateField(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith(DUPLICATE)) {
            return null;
        }
        int end = message.indexOf('\'', DUPLICATE.length());
        return end < 0 ? null : message.substring(DUPLICATE.length(), end);
    }

    /** The path of {@code field} in the object the parser was reading when it failed. */
    private static String pathOf(JsonParseException e, String field) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return field;
        }
        List<JsonStreamContext> contexts = new ArrayList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            contexts.add(0, context);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context : contexts) {
            JsonStreamContext parent = context.getParent();
            if (parent.inObject()) {
                path.append('.').append(parent.getCurrentName());
            } else if (parent.inArray()) {
                path.append('[').append(parent.getCurrentIndex()).append(']');
            }
        }
        path.append('.').append(field);
        return path.substring(1);
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
