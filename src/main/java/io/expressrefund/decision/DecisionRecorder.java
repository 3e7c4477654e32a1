package io.expressrefund.decision;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.Sql;
import io.expressrefund.platform.StorageException;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.strategy.DailyUsage;
import io.expressrefund.strategy.ShopSnapshots;
import io.expressrefund.strategy.StrategyFacts;
import io.expressrefund.strategy.StrategyRepository.Snapshot;
import io.expressrefund.strategy.StrategyRepository;

/**
 * Decides and records requests that the writers hand over, a batch in one transaction: one durable commit for
 * all of them (a group commit), and each caller's answer only after it.
 *
 * <p>The merchant's daily limit is exact under concurrency: a decision that would refund by the strategy is
 * decided again inside the transaction that records it, after locking the shop's usage row for the day
 * ({@code SELECT … FOR UPDATE}). So the approval that consumes the limit is always decided on the current
 * count, and the row lock orders competing requests on one instance or many sharing the database. Once a batch
 * holds a shop's row for the day, its later requests of that shop are decided on the count it keeps, once. A batch takes
 * its locks in one order: the shops' usage rows by shop id while it decides, then (the event outbox) the shops'
 * event counters by shop id; the decisions and the events are each written as one JDBC batch.
 *
 * <p>When a batch cannot be recorded as one (a refund id recorded before, a deadlock between instances, a request
 * the database refuses), it rolls back and each of its requests is recorded alone, as if it had come by itself.
 */
@ApplicationScoped
public class DecisionRecorder {
    private final Database database;
    private final DecisionRepository decisions;
    private final StrategyRepository strategies;
    private final Event<DecisionsRecorded> recorded;
    private final ShopSnapshots snapshots;
    private final DecisionMetrics metrics;
    private final Clock clock;

    public DecisionRecorder(Database database, DecisionRepository decisions, StrategyRepository strategies,
            Event<DecisionsRecorded> recorded, ShopSnapshots snapshots, DecisionMetrics metrics, Clock clock) {
        this.database = database;
        this.decisions = decisions;
        this.strategies = strategies;
        this.recorded = recorded;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records the batch and answers every request in it, with its decision or its failure. */
    void record(List<PendingRecord> batch) {
        if (batch.size() > 1) {
            List<PendingRecord> inLockOrder = new ArrayList<>(batch);
            inLockOrder.sort(Comparator.comparing(PendingRecord::shopId));
            try {
                List<RecordedDecision> done = recordTogether(inLockOrder);
                for (int i = 0; i < inLockOrder.size(); i++) {
                    answer(inLockOrder.get(i), done.get(i));
                }
                return;
            } catch (RuntimeException e) {
                if (e instanceof StorageException && !Sql.isWorthRetryingAlone(e)) {
                    // The database is out: alone, each request would wait for it as long again.
                    batch.forEach(pending -> pending.answer().completeExceptionally(e));
                    return;
                }
                metrics.batchSplit();
            }
        }
        for (PendingRecord pending : batch) {
            try {
                recordAlone(pending);
            } catch (RuntimeException e) {
                pending.answer().completeExceptionally(e);
            }
        }
    }

    private void recordAlone(PendingRecord pending) {
        try {
            answer(pending, recordTogether(List.of(pending)).get(0));
        } catch (AlreadyRecorded e) {
            pending.answer().complete(recordedBefore(pending, e));
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                // Another request with this refund id was recorded at the same moment; ours rolled back.
                pending.answer().complete(recordedBefore(pending, e));
                return;
            }
            throw e;
        }
    }

    private void answer(PendingRecord pending, RecordedDecision decision) {
        snapshots.forget(decision.shopId());
        metrics.decided(decision.answer(), true, pending.startedNanos());
        pending.answer().complete(new DecisionService.Recording(decision, true));
    }

    /**
     * One transaction: what the decisions reserve, the decisions, and what observers write with them. Whether a
     * refund id was recorded before is learnt from the insert itself, and a repeated one rolls back everything.
     */
    @Transactional
    List<RecordedDecision> recordTogether(List<PendingRecord> batch) {
        try (Connection connection = database.connection()) {
            List<RecordedDecision> done = new ArrayList<>(batch.size());
            List<DecisionRepository.NewRow> rows = new ArrayList<>(batch.size());
            Map<ShopDay, Snapshot> seen = readSnapshots(connection, batch);
            Set<ShopDay> locked = new HashSet<>();
            for (PendingRecord pending : batch) {
                DecisionRepository.NewRow row = decide(connection, pending, seen, locked);
                rows.add(row);
                done.add(row.decision());
            }
            if (!decisions.insert(connection, rows)) {
                throw new AlreadyRecorded();
            }
            recorded.fire(new DecisionsRecorded(done));
            return done;
        } catch (SQLException e) {
            throw database.failure(e);
        }
    }

    /** A shop on a day: what a batch's strategy and usage snapshots are kept by. */
    private record ShopDay(String shopId, LocalDate day) {
    }

    /** The batch's shops' strategies and usage, read in one query per day (usually one). */
    private Map<ShopDay, Snapshot> readSnapshots(Connection connection, List<PendingRecord> batch) throws SQLException {
        Map<LocalDate, Set<String>> shopsByDay = new HashMap<>();
        for (PendingRecord pending : batch) {
            shopsByDay.computeIfAbsent(pending.day(), day -> new HashSet<>()).add(pending.shopId());
        }
        Map<ShopDay, Snapshot> read = new HashMap<>();
        for (Map.Entry<LocalDate, Set<String>> day : shopsByDay.entrySet()) {
            strategies.snapshots(connection, day.getValue(), day.getKey())
                    .forEach((shopId, snapshot) -> read.put(new ShopDay(shopId, day.getKey()), snapshot));
        }
        return read;
    }

    /**
     * Decides one request of the batch. {@code seen} holds each shop's strategy and usage as this transaction
     * knows them; {@code locked}, the shops whose usage row for the day it holds, whose count in {@code seen} is
     * therefore current.
     */
    private DecisionRepository.NewRow decide(Connection connection, PendingRecord pending,
            Map<ShopDay, Snapshot> seen, Set<ShopDay> locked) throws SQLException {
        String shopId = pending.shopId();
        LocalDate day = pending.day();
        RefundCase fact = pending.fact();
        ShopDay shopDay = new ShopDay(shopId, day);
        Snapshot snapshot = seen.getOrDefault(shopDay, Snapshot.none(day));
        Evaluation evaluation = evaluate(pending.ruleSet(), fact, pending.declared(), snapshot);
        if (evaluation.approvedBy() == DecisionPath.CUSTOM_STRATEGY) {
            if (locked.add(shopDay)) {
                // Decide again on the locked, current usage: a rule that passed on a stale count must not refund.
                snapshot = new Snapshot(snapshot.strategy(), strategies.lockUsage(connection, shopId, day));
                metrics.usageLocked();
                evaluation = evaluate(pending.ruleSet(), fact, pending.declared(), snapshot);
            }
            DailyUsage after = snapshot.usage();
            if (evaluation.approvedBy() == DecisionPath.CUSTOM_STRATEGY) {
                strategies.addUsage(connection, shopId, day, fact.refundAmount());
                after = new DailyUsage(day, after.count() + 1, after.amount().add(fact.refundAmount()));
            }
            // The row stays locked until commit: what this transaction counted is the shop's usage for the rest
            // of the batch.
            seen.put(shopDay, new Snapshot(snapshot.strategy(), after));
        }
        RecordedDecision decision = toRecord(pending, Decision.of(fact.refundId(), evaluation,
                pending.ruleSet().version()));
        // What a replay needs to decide it again: the strategy and the usage it was decided on.
        return new DecisionRepository.NewRow(decision, pending.fingerprint(),
                StrategyFacts.fact(snapshot.strategy(), snapshot.usage()));
    }

    /** Decides on the given strategy and usage; a rule that failed is counted and logged. */
    Evaluation evaluate(RuleSet ruleSet, RefundCase fact, FactCatalogue.Facts declared, Snapshot snapshot) {
        List<Object> context = StrategyFacts.of(snapshot.strategy(), snapshot.usage());
        Evaluation evaluation = ruleSet.evaluate(fact, context, declared.instances());
        if (evaluation.failed()) {
            metrics.ruleFailed(fact.refundId(), ruleSet.version(), evaluation.failure());
        }
        return evaluation;
    }

    private RecordedDecision toRecord(PendingRecord pending, Decision decision) {
        var request = pending.request();
        return new RecordedDecision(request.refundId(), request.shop().shopId(), request.order().orderId(),
                decision.outcome(), decision.path(), pending.fact().refundAmount(), decision.reasons(),
                decision.firedRules(), decision.ruleSetVersion(), request.requestedAt().withOffsetSameInstant(ZoneOffset.UTC),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
                pending.caller(), request);
    }

    /** The refund id is taken: the first decision answers, if the same request made it. */
    private DecisionService.Recording recordedBefore(PendingRecord pending, RuntimeException otherwise) {
        return database.read(connection -> decisions.find(connection, pending.request().refundId()))
                .map(stored -> replay(stored, pending.fingerprint()))
                .orElseThrow(() -> otherwise);
    }

    private static DecisionService.Recording replay(DecisionRepository.Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(Problem.of("refund-id-conflict", "Conflict", 409,
                    "Refund " + stored.decision().refundId() + " was already decided with other facts."));
        }
        return new DecisionService.Recording(stored.decision(), false);
    }

    /** The refund id is taken: the transaction rolls back, and the first decision answers. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super("already recorded", null, false, false);
        }
    }
}
