package io.expressrefund.console;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import io.expressrefund.decision.DecisionFilter;
import io.expressrefund.decision.PageCursor;
import io.expressrefund.decision.QueryValues;
import io.expressrefund.platform.Identifiers;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** A search form for recorded decisions as typed: blank fields do not narrow; days are the platform's days. */
public record DecisionSearch(String refundId, String shopId, String outcome, String path, String from, String to) {

    DecisionFilter filter(ZoneId zone, int limit, String cursor) {
        OffsetDateTime start = day(from, "From", zone, 0);
        OffsetDateTime end = day(to, "To", zone, 1);
        if (start != null && end != null && !end.isAfter(start)) {
            // Both days are inclusive here, unlike the API's exclusive "to": say it in the form's words.
            throw new InvalidRequestException("To", "must not be before From");
        }
        return new DecisionFilter(shop(), QueryValues.oneOf("Path", blank(path), DecisionPath.class),
                QueryValues.oneOf("Outcome", blank(outcome), Outcome.class), start, end, limit,
                blank(cursor) == null ? null : PageCursor.decode(cursor));
    }

    private String shop() {
        String shop = blank(shopId);
        if (shop != null && !shop.matches(Identifiers.PATTERN)) {
            throw new InvalidRequestException("Shop", Identifiers.MESSAGE);
        }
        return shop;
    }

    /** The start of the day, or of the day after for the inclusive last day. */
    private static OffsetDateTime day(String text, String field, ZoneId zone, int plusDays) {
        if (blank(text) == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be a date (2026-11-01)");
        }
    }

    static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
