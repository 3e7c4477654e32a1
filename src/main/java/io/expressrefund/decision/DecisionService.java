package io.expressrefund.decision;

import io.expressrefund.request.RefundRequest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.PlatformConfig;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.strategy.ShopSnapshots;
import io.expressrefund.strategy.StrategyRepository.Snapshot;

/**
 * Decides refund requests with the rule set in service, and records them: a request is checked here, and decided
 * and recorded by the {@link RecordingWriters} (see {@link DecisionRecorder} for how the daily limit stays exact).
 */
@ApplicationScoped
public class DecisionService {
    private final RuleService rules;
    private final Database database;
    private final DecisionRepository decisions;
    private final DecisionRecorder recorder;
    private final RecordingWriters writers;
    private final ShopSnapshots snapshots;
    private final PlatformConfig platform;
    private final DecisionMetrics metrics;
    private final Clock clock;

    public DecisionService(RuleService rules, Database database, DecisionRepository decisions,
            DecisionRecorder recorder, RecordingWriters writers, ShopSnapshots snapshots, PlatformConfig platform,
            DecisionMetrics metrics, Clock clock) {
        this.rules = rules;
        this.database = database;
        this.decisions = decisions;
        this.recorder = recorder;
        this.writers = writers;
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
        Decision decision = Decision.of(request.refundId(), recorder.evaluate(ruleSet, request.toFact(), declared, snapshot),
                ruleSet.version());
        metrics.decided(decision, false, started);
        return decision;
    }

    /**
     * Decides and records, once per refund id: the same request again returns the first decision and consumes
     * nothing; the same refund id with other facts is a conflict. A request that is not valid fails at once; a
     * valid one is answered once its decision is committed.
     */
    public CompletableFuture<Recording> record(RefundRequest request, String caller) {
        return writers.submit(pending(request, caller));
    }

    /** A request checked and read for recording, with everything its writer needs to decide it. */
    PendingRecord pending(RefundRequest request, String caller) {
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
        return new PendingRecord(request, fact, ruleSet, declared, fingerprint, caller, request.day(platform.zone()),
                started, new CompletableFuture<>());
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
