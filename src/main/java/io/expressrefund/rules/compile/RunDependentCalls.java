package io.expressrefund.rules.compile;

import java.util.List;
import java.util.Map;

/**
 * Calls in DRL that make a decision depend on when or where it runs, or on chance, instead of on the posted facts
 * alone: the clock ({@code Instant.now()}, {@code new Date()}), a random draw ({@code Math.random()}) and the
 * machine's time zone ({@code ZoneId.systemDefault()}). A decision must follow from its facts: a case must decide
 * the same tomorrow, a replay must show what the rules decided then, and a request retried after a timeout must be
 * decided as before. {@code System.nanoTime()} is left alone: it tells no date, only time passing, as a rule that
 * spins until a deadline needs (a stuck rule, which the decision limit stops).
 */
final class RunDependentCalls {
    /** Where a call is written (the index of its type, or of {@code new}) and what is wrong with it. */
    record Found(int at, String message) {
    }

    private static final List<String> DATES_AND_TIMES = List.of("Instant", "LocalDate", "LocalDateTime", "LocalTime",
            "OffsetDateTime", "OffsetTime", "ZonedDateTime", "Year", "YearMonth", "MonthDay");
    private static final Map<String, List<String>> CLOCK = Map.of("now", DATES_AND_TIMES,
            "currentTimeMillis", List.of("System"),
            "systemUTC", List.of("Clock"), "systemDefaultZone", List.of("Clock"));
    private static final Map<String, List<String>> CHANCE = Map.of("random", List.of("Math"),
            "randomUUID", List.of("UUID"), "current", List.of("ThreadLocalRandom"));
    private static final Map<String, List<String>> MACHINE_ZONE = Map.of("systemDefault", List.of("ZoneId"),
            "getDefault", List.of("TimeZone"));

    private static final String CLOCK_WHY = " reads the clock: a decision must follow from the posted facts alone, or a "
            + "case decides otherwise another day, a replay does not show what the rules decided then, and a request "
            + "retried may be decided otherwise; compare the request's own times (requestedAt, paidAt)";
    private static final String CHANCE_WHY = " draws by chance: a decision must follow from the posted facts alone, or "
            + "a case decides otherwise from run to run, a replay does not show what the rules decided, and a request "
            + "retried may be decided otherwise";
    private static final String ZONE_WHY = " is the time zone of the machine the service runs on (UTC in most "
            + "containers), not the platform's: a request would be decided by where it runs; name the zone, as "
            + "ZoneId.of(\"Asia/Shanghai\") for the platform's day";

    private RunDependentCalls() {
    }

    /** The member {@code word} written at {@code start}, after a dot, when it is such a call; else null. */
    static Found member(String text, String word, int start) {
        Found found = among(text, word, start, CLOCK, CLOCK_WHY);
        if (found == null) {
            found = among(text, word, start, CHANCE, CHANCE_WHY);
        }
        return found == null ? among(text, word, start, MACHINE_ZONE, ZONE_WHY) : found;
    }

    /** {@code new Date()} or an unseeded {@code new Random()}, the type's name {@code word} ending at {@code end}. */
    static Found constructed(String text, String word, int start, int end) {
        if (!word.equals("Date") && !word.equals("Random") || !text.startsWith("()", DrlText.skipBlanks(text, end))) {
            return null;
        }
        int newAt = newBefore(text, start);
        if (newAt < 0) {
            return null;
        }
        return new Found(newAt, "new " + word + "()" + (word.equals("Date") ? CLOCK_WHY : CHANCE_WHY));
    }

    private static Found among(String text, String word, int start, Map<String, List<String>> calls, String why) {
        List<String> types = calls.get(word);
        if (types == null) {
            return null;
        }
        for (String type : types) {
            int typeAt = DrlText.memberOf(text, start, type);
            if (typeAt >= 0) {
                return new Found(typeAt, type + "." + word + why);
            }
        }
        return null;
    }

    /** Where {@code new} stands before the (maybe qualified) type name starting at {@code start}; -1 if it does not. */
    private static int newBefore(String text, int start) {
        int i = start;
        while (i > 0 && (Character.isJavaIdentifierPart(text.charAt(i - 1)) || text.charAt(i - 1) == '.')) {
            i--;
        }
        int end = i;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        if (i == end || i < 3 || !text.startsWith("new", i - 3)
                || i > 3 && Character.isJavaIdentifierPart(text.charAt(i - 4))) {
            return -1;
        }
        return i - 3;
    }
}
