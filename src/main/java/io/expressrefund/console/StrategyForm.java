package io.expressrefund.console;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import io.expressrefund.strategy.StrategyRequest;
import io.expressrefund.strategy.StrategyView;

/** The strategy form as typed, with each field's error where it was made. */
public record StrategyForm(boolean enabled, String maxRefundAmount, String dailyLimit, String dailyAmountLimit,
        Map<String, String> errors) {

    static StrategyForm of(StrategyView view) {
        if (view == null) {
            return new StrategyForm(false, "", "", "", Map.of());
        }
        return new StrategyForm(view.enabled(), text(view.maxRefundAmount()), text(view.dailyLimit()),
                text(view.dailyAmountLimit()), Map.of());
    }

    /** The request the form stands for; a number that cannot be read is an error on its field. */
    StrategyRequest request(Map<String, String> errors) {
        return new StrategyRequest(enabled, decimal("maxRefundAmount", maxRefundAmount, errors),
                whole("dailyLimit", dailyLimit, errors), decimal("dailyAmountLimit", dailyAmountLimit, errors));
    }

    StrategyForm withErrors(Map<String, String> errors) {
        return new StrategyForm(enabled, maxRefundAmount, dailyLimit, dailyAmountLimit, new TreeMap<>(errors));
    }

    public String error(String field) {
        return errors.get(field);
    }

    private static BigDecimal decimal(String field, String text, Map<String, String> errors) {
        String value = DecisionSearch.blank(text);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            errors.put(field, "must be a number of yuan, such as 500.00");
            return null;
        }
    }

    private static Integer whole(String field, String text, Map<String, String> errors) {
        String value = DecisionSearch.blank(text);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            errors.put(field, "must be a whole number");
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
