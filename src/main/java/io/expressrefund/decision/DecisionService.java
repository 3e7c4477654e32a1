package io.expressrefund.decision;

import io.expressrefund.request.RefundRequest;

import java.util.Set;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.PlatformConfig;
import io.expressrefund.platform.Sql;
import io.expressrefund.platform.StorageException;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.rules.Evaluation;
import io.expressrefund.rules.FactCatalogue;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.RuleSet;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.strategy.StrategyFacts;
import io.expressrefund.strategy.ShopSnapshots;
import io.expressrefund.strategy.StrategyRepository;
import io.expressrefund.strategy.StrategyRepository.Snapshot;

/**
 * Decides refund requests with the rule set in service and records them.
 *
 * <p>The merchant's daily limit is exact under concurrency: a decision that would refund by the strategy is
 * decided again inside the transaction that records it, after locking the shop's usage row for the day
 * ({@code SELECT … FOR UPDATE}). So the approval that consumes the limit is always decided on the current
 * count, and the row lock orders competing requests on one instance or many sharing the database.
 */
@ApplicationScoped
public class DecisionService {
    private final RuleService rules;
    private final Database database;
    private final DecisionRepository decisions;
    private final StrategyRepository strategies;
    private final Event<DecisionRecorded> recorded;
    private final ShopSnapshots snapshots;
    private final PlatformConfig platform;
    private final DecisionMetrics metrics;
    private final Clock clock;

    public DecisionService(RuleService rules, Database database, DecisionRepository decisions,
            StrategyRepository strategies, Event<DecisionRecorded> recorded, ShopSnapshots snapshots,
            PlatformConfig platform, DecisionMetrics metrics, Clock clock) {
        this.rules = rules;
        this.database = database;
        this.decisions = decisions;
        this.strategies = strategies;
        this.recorded = recorded;
        this.snapshots = snapshots;
        this.platform = platform;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A recorded decision, and whether this call recorded it (false: a replay of an earlier request). */
    public record Recording(RecordedDecision decision, boolean created) {
    }

    /** Decides with the shop's strategy and today's usage as they stand, and records nothing. */
    public Decision evaluate(RefundRequest request) {
        long started = System.nanoTime();
        checkRequest(request);
        RuleSet ruleSet = rules.current();
        FactCatalogue.Facts declared = ruleSet.factTypes().read(request.facts());
        LocalDate day = request.day(platform.zone());
        String shopId = request.shop().shopId();
        Snapshot snapshot = snapshots.of(shopId, day);
        Decision decision = Decision.of(request.refundId(), evaluate(ruleSet, request.toFact(), declared, snapshot),
                ruleSet.version());
        metrics.decided(decision, false, started);
        return decision;
    }

    /**
     * Decides and records, once per refund id: the same request again returns the first decision and consumes
     * nothing; the same refund id with other facts is a conflict.
     */
    public Recording record(RefundRequest request, String caller) {
        long started = System.nanoTime();
        checkRequest(request);
        OffsetDateTime oldest = OffsetDateTime.now(clock).minus(platform.maxRequestAge());
        if (request.requestedAt().isBefore(oldest)) {
            throw new InvalidRequestException("requestedAt", "must be no more than " + hours(platform.maxRequestAge())
                    + " hours old to be recorded (decide older requests with /evaluate)");
        }
        // One rule set reads the declared facts and decides: their types are the ones this rule set declares.
        RuleSet ruleSet = rules.current();
        FactCatalogue.Facts declared = ruleSet.factTypes().read(request.facts());
        RefundCase fact = request.toFact();
        String fingerprint = request.fingerprint(fact, declared.canonical());
        try {
            // Whether the refund id was recorded before is learnt from the insert itself: one round trip less
            // for every new request, and a repeated one rolls back whatever it reserved.
            RecordedDecision decision = decideAndRecord(request, fact, ruleSet, declared, fingerprint, caller);
            snapshots.forget(decision.shopId());
            metrics.decided(decision.answer(), true, started);
            return new Recording(decision, true);
        } catch (AlreadyRecorded e) {
            return recordedBefore(request.refundId(), fingerprint, e);
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                // Another request with this refund id was recorded at the same moment; ours rolled back.
                return recordedBefore(request.refundId(), fingerprint, e);
            }
            throw e;
        }
    }

    private Recording recordedBefore(String refundId, String fingerprint, RuntimeException otherwise) {
        return database.read(connection -> decisions.find(connection, refundId))
                .map(stored -> replay(stored, fingerprint))
                .orElseThrow(() -> otherwise);
    }

    /** The refund id is taken: the transaction rolls back, and the first decision answers. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super("already recorded", null, false, false);
        }
    }

    public Optional<RecordedDecision> find(String refundId) {
        return database.read(connection -> decisions.find(connection, refundId)).map(DecisionRepository.Stored::decision);
    }

    /** The automatic refund decided for an order in one of these shops, if any. */
    public Optional<RecordedDecision> automaticRefundOf(String orderId, Set<String> shopIds) {
        if (shopIds.isEmpty()) {
            return Optional.empty();
        }
        return database.read(connection -> decisions.automaticRefundOf(connection, orderId, shopIds));
    }

    public DecisionPage list(DecisionFilter filter) {
        List<RecordedDecision> rows = database.read(connection -> decisions.list(connection, filter));
        boolean more = rows.size() > filter.limit();
        List<RecordedDecision> items = (more ? rows.subList(0, filter.limit()) : rows).stream()
                .map(RecordedDecision::withoutRequest).toList();
        RecordedDecision last = more ? items.get(items.size() - 1) : null;
        return new DecisionPage(items, last == null ? null
                : new PageCursor(last.decidedAt().toInstant(), last.refundId()).encode());
    }

    /** One transaction: what the decision reserves, the decision, and what observers write with it. */
    @Transactional
    RecordedDecision decideAndRecord(RefundRequest request, RefundCase fact, RuleSet ruleSet,
            FactCatalogue.Facts declared, String fingerprint, String caller) {
        try (Connection connection = database.connection()) {
            RecordedDecision decision = decideAndRecord(connection, request, fact, ruleSet, declared, fingerprint, caller);
            recorded.fire(new DecisionRecorded(decision));
            return decision;
        } catch (SQLException e) {
            throw database.failure(e);
        }
    }

    private RecordedDecision decideAndRecord(Connection connection, RefundRequest request, RefundCase fact,
            RuleSet ruleSet, FactCatalogue.Facts declared, String fingerprint, String caller) throws SQLException {
        String shopId = request.shop().shopId();
        LocalDate day = request.day(platform.zone());
        Snapshot snapshot = strategies.snapshot(connection, shopId, day);
        Evaluation evaluation = evaluate(ruleSet, fact, declared, snapshot);
        if (evaluation.approvedBy() == DecisionPath.CUSTOM_STRATEGY) {
            // Decide again on the locked, current usage: a rule that passed on a stale count must not refund.
            snapshot = new Snapshot(snapshot.strategy(), strategies.lockUsage(connection, shopId, day));
            evaluation = evaluate(ruleSet, fact, declared, snapshot);
            if (evaluation.approvedBy() == DecisionPath.CUSTOM_STRATEGY) {
                strategies.addUsage(connection, shopId, day, fact.refundAmount());
            }
        }
        RecordedDecision decision = toRecord(request, fact, Decision.of(request.refundId(), evaluation,
                ruleSet.version()), caller);
        // What a replay needs to decide it again: the strategy and the usage it was decided on.
        if (!decisions.insert(connection, decision, fingerprint, StrategyFacts.fact(snapshot.strategy(), snapshot.usage()))) {
            throw new AlreadyRecorded();
        }
        return decision;
    }

    private Evaluation evaluate(RuleSet ruleSet, RefundCase fact, FactCatalogue.Facts declared, Snapshot snapshot) {
        List<Object> context = StrategyFacts.of(snapshot.strategy(), snapshot.usage());
        Evaluation evaluation = ruleSet.evaluate(fact, context, declared.instances());
        if (evaluation.failed()) {
            metrics.ruleFailed(fact.refundId(), ruleSet.version(), evaluation.failure());
        }
        return evaluation;
    }

    private RecordedDecision toRecord(RefundRequest request, RefundCase fact, Decision decision, String caller) {
        return new RecordedDecision(request.refundId(), request.shop().shopId(), request.order().orderId(),
                decision.outcome(), decision.path(), fact.refundAmount(), decision.reasons(),
                decision.firedRules(), decision.ruleSetVersion(), request.requestedAt().withOffsetSameInstant(ZoneOffset.UTC),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), caller, request);
    }

    private static Recording replay(DecisionRepository.Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(Problem.of("refund-id-conflict", "Conflict", 409,
                    "Refund " + stored.decision().refundId() + " was already decided with other facts."));
        }
        return new Recording(stored.decision(), false);
    }

    private void checkRequest(RefundRequest request) {
        request.checked();
        OffsetDateTime latest = OffsetDateTime.now(clock).plus(platform.maxClockSkew());
        if (request.requestedAt().isAfter(latest)) {
            throw new InvalidRequestException("requestedAt", "must not be more than "
                    + platform.maxClockSkew().toMinutes() + " minutes in the future");
        }
    }

    private static String hours(java.time.Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMinutes()).divide(java.math.BigDecimal.valueOf(60))
                .stripTrailingZeros().toPlainString();
    }

}
