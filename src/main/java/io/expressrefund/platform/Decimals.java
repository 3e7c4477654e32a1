package io.expressrefund.platform;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Decimals as the service keeps them. JSON may write a whole number with an exponent ({@code 1e2}, {@code 5.0E+3}),
 * which Java reads as a decimal of negative scale: the same number, but not one a database column of two decimals
 * takes (H2 refused {@code 1e2} yuan, and a recorded decision was a {@code 500}). Such a number is given scale 0.
 */
public final class Decimals {
    /**
     * The most digits a whole number written with an exponent is spelt out to. Every amount's range is far below it; a
     * larger one keeps its exponent and is refused by its field's range, never spelt out ({@code 1e999999999}).
     */
    private static final int MAX_WHOLE_DIGITS = 20;

    private Decimals() {
    }

    /** The same number with a scale of 0 or more, where it has at most {@value #MAX_WHOLE_DIGITS} whole digits. */
    public static BigDecimal withoutNegativeScale(BigDecimal value) {
        if (value == null || value.scale() >= 0 || value.precision() - value.scale() > MAX_WHOLE_DIGITS) {
            return value;
        }
        return value.setScale(0);
    }

    /** Reads every {@code BigDecimal} property as Jackson does, then {@link #withoutNegativeScale}. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("exact-decimals");
        module.addDeserializer(BigDecimal.class, new Deserializer());
        return module;
    }

    private static final class Deserializer extends StdScalarDeserializer<BigDecimal> {
        Deserializer() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return withoutNegativeScale(NumberDeserializers.BigDecimalDeserializer.instance.deserialize(parser, context));
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }
}
