package io.expressrefund.replay;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Comparator;
import java.util.Map;

import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.expressrefund.decision.Reason;
import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.JsonProblems;
import io.expressrefund.request.RefundRequest;
import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.ShopStrategy;

/**
 * Decides recorded requests again, on the candidate and on the baseline, one at a time in the order they were
 * recorded. Daily limits are simulated, not copied: each side's strategy usage starts from zero at the start
 * of each shop's platform day and grows with that side's own strategy refunds, so a candidate that refunds
 * more also uses up a limit sooner, as it would have.
 */
final class Replayer {
    /** A shop's platform day, whose usage each side simulates. */
    private record ShopDay(String shopId, LocalDate day) {
    }

    /** What one side's strategy refunded so far in a shop's day. */
    private static final class Usage {
        int count;
        BigDecimal amount = BigDecimal.ZERO.setScale(2);
    }

    /** A recorded decision decided again: before (the baseline) and after (the candidate). */
    record Result(RecordedRow row, Side before, Side after, boolean withoutSnapshot) {
        boolean changed() {
            return before.differsFrom(after);
        }
    }

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    private static final int EVICT_EVERY = 10_000;

    private final RuleSet candidate;
    private final RuleSet baseline;
    private final ZoneId zone;
    private final ObjectReader requests;
    private final ObjectReader strategies;
    private final ObjectMapper json;
    private final Validator validator;
    private final Map<ShopDay, Usage> baselineUsage = new HashMap<>();
    private final Map<ShopDay, Usage> candidateUsage = new HashMap<>();
    private long seen;

    /** @param baseline the rules to compare with, or null to compare with what was recorded */
    Replayer(RuleSet candidate, RuleSet baseline, ZoneId zone, ObjectMapper json, Validator validator) {
        this.candidate = candidate;
        this.baseline = baseline;
        this.zone = zone;
        this.json = json;
        this.validator = validator;
        this.requests = json.readerFor(RefundRequest.class);
        this.strategies = json.readerFor(ShopStrategy.class);
    }

    /**
     * Both sides' decisions of one recorded row.
     *
     * @throws IllegalStateException naming the refund and the field, when the row cannot be read as this version
     *                               of the service reads a request (one written by another version, say)
     */
    Result replay(RecordedRow row) {
        try {
            return replayReadable(row);
        } catch (JsonProcessingException e) {
            throw unreadable(row, JsonProblems.violation(e), e);
        }
    }

    private Result replayReadable(RecordedRow row) throws JsonProcessingException {
        RefundRequest request = requests.readValue(row.requestJson());
        RefundCase fact = factOf(row, request);
        boolean withoutSnapshot = row.strategySnapshot() == null;
        ShopStrategy strategy = withoutSnapshot ? null : strategies.readValue(row.strategySnapshot());
        ShopDay day = new ShopDay(row.shopId(), row.requestedAt().atZone(zone).toLocalDate());
        Side before = baseline == null ? recorded(row) : decide(baseline, fact, request, strategy, baselineUsage, day);
        Side after = decide(candidate, fact, request, strategy, candidateUsage, day);
        if (++seen % EVICT_EVERY == 0) {
            evictDaysBefore(row.decidedAt().atZone(zone).toLocalDate().minusDays(2));
        }
        return new Result(row, before, after, withoutSnapshot);
    }

    /**
     * The request as a fact. A recorded request was valid when it was recorded, so it is checked again only when
     * it cannot be made a fact (a field it lacks, for a row another version wrote), to name what is wrong.
     */
    private RefundCase factOf(RecordedRow row, RefundRequest request) {
        try {
            return request.toFact();
        } catch (RuntimeException e) {
            FieldViolation invalid = validator.validate(request).stream().map(FieldViolation::of)
                    .min(Comparator.comparing(FieldViolation::field))
                    .orElse(new FieldViolation("request", "cannot be decided (" + e + ")"));
            throw unreadable(row, invalid, e);
        }
    }

    private static IllegalStateException unreadable(RecordedRow row, FieldViolation why, Exception cause) {
        return new IllegalStateException("the recorded decision of refund " + row.refundId() + " cannot be read: "
                + why.field() + " " + why.message(), cause);
    }

    private static Side decide(RuleSet rules, RefundCase fact, RefundRequest request, ShopStrategy recorded,
            Map<ShopDay, Usage> usages, ShopDay day) {
        FactCatalogue.Facts declared;
        try {
            declared = rules.factTypes().read(request.facts());
        } catch (InvalidRequestException e) {
            return Side.refused(e.violations().toString());
        }
        Usage usage = recorded == null ? null : usages.computeIfAbsent(day, key -> new Usage());
        List<Object> context = recorded == null ? List.of() : List.of(new ShopStrategy(recorded.enabled(),
                recorded.maxRefundAmount(), recorded.dailyLimit(), recorded.dailyAmountLimit(), usage.count, usage.amount));
        Evaluation evaluation = rules.evaluate(fact, context, declared.instances());
        if (usage != null && evaluation.approvedBy() == DecisionPath.CUSTOM_STRATEGY) {
            usage.count++;
            usage.amount = usage.amount.add(fact.refundAmount());
        }
        return Side.of(evaluation);
    }

    private Side recorded(RecordedRow row) throws JsonProcessingException {
        return new Side(Outcome.valueOf(row.outcome()), row.path() == null ? null : DecisionPath.valueOf(row.path()),
                json.readValue(row.reasonsJson(), REASONS), json.readValue(row.firedRulesJson(), NAMES));
    }

    /**
     * Forgets the usage of days no request can still come for (a request is recorded within a day of its
     * requestedAt), so that memory stays flat however many days a replay covers.
     */
    private void evictDaysBefore(LocalDate day) {
        for (Map<ShopDay, Usage> usages : List.of(baselineUsage, candidateUsage)) {
            for (Iterator<ShopDay> keys = usages.keySet().iterator(); keys.hasNext();) {
                if (keys.next().day().isBefore(day)) {
                    keys.remove();
                }
            }
        }
    }
}
