package io.expressrefund.platform;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.core.JsonGenerator;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** How the service reads and writes JSON. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    /** How deep JSON may nest, how long a string and a number may be, in any body the service reads. */
    public static final int MAX_NESTING = 32;
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    public static final int MAX_NUMBER_LENGTH = 1000;

    @Override
    public void customize(ObjectMapper mapper) {
        // Keep the offset the caller sent instead of shifting every time to UTC.
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.registerModule(OffsetDateTimes.module());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        // "refundAmount": null on a primitive-backed field must be a clear 400, not a silent zero.
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // No field is silently dropped: a decision must be explained by exactly what was posted.
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // Amounts inside untyped JSON (rule cases posted to /validate) stay exact decimals, never doubles.
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        // A number or boolean where text is expected (an id, a status) is a wrong type, not a string to make of it.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Amounts are JSON numbers, as the API document says: a generated client sends numbers, and "120.50"
        // as text is a wrong type, not a number to guess.
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // Counts and switches are JSON numbers and booleans: "20" or 20.5 for a daily limit, "false" or 0 for a
        // switch, is a wrong type, not a value to guess (20.5 would otherwise be cut to 20 without a word).
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // Hostile input: bound nesting and strings well below Jackson's own defaults. Numbers keep Jackson's bound: a
        // longer one is refused before any field reads it, so it could only be named "body"; up to it, each field's
        // own check names it (an amount's range, a declared decimal's digits, a count's range).
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    }
}
