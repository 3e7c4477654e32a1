package io.expressrefund.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.decision.RecordedDecision;
import io.expressrefund.platform.Database;
import io.expressrefund.platform.Dialect;
import io.expressrefund.platform.Query;
import io.expressrefund.rules.facts.DecisionPath;

/** SQL for the refund-event feed. */
@ApplicationScoped
public class EventRepository {
    private final Database database;

    public EventRepository(Database database) {
        this.database = database;
    }

    /**
     * Appends the events of automatic refunds (given in shop-id order), each numbered next for its shop, inside
     * the caller's transaction: one statement per shop takes its numbers, one batch writes every event.
     */
    public void append(Connection connection, List<RecordedDecision> refunds) throws SQLException {
        boolean postgres = database.dialect(connection) == Dialect.POSTGRESQL;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO refund_event (shop_id, seq, refund_id, order_id, path, refund_amount, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            int from = 0;
            while (from < refunds.size()) {
                String shopId = refunds.get(from).shopId();
                int to = from;
                while (to < refunds.size() && refunds.get(to).shopId().equals(shopId)) {
                    to++;
                }
                // Taking the shop's numbers locks its counter until commit: a shop's events commit in seq order,
                // with no gaps.
                long last = postgres ? takeSeqsInOneStatement(connection, shopId, to - from)
                        : takeSeqs(connection, shopId, to - from);
                long seq = last - (to - from);
                for (int i = from; i < to; i++) {
                    RecordedDecision decision = refunds.get(i);
                    insert.setString(1, shopId);
                    insert.setLong(2, ++seq);
                    insert.setString(3, decision.refundId());
                    insert.setString(4, decision.orderId());
                    insert.setString(5, decision.path().name());
                    insert.setBigDecimal(6, decision.refundAmount());
                    insert.setObject(7, decision.decidedAt());
                    insert.addBatch();
                }
                from = to;
            }
            insert.executeBatch();
        }
    }

    /** The shop's last seq after taking {@code count} more. */
    private static long takeSeqsInOneStatement(Connection connection, String shopId, int count) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement("""
                INSERT INTO shop_event_counter (shop_id, last_seq) VALUES (?, ?)
                ON CONFLICT (shop_id) DO UPDATE SET last_seq = shop_event_counter.last_seq + EXCLUDED.last_seq
                RETURNING last_seq""")) {
            next.setString(1, shopId);
            next.setLong(2, count);
            try (ResultSet row = next.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * On H2, which has no upsert that returns the row: the counter is created only for a shop's first event.
     * H2 answers {@code ON CONFLICT DO NOTHING} by throwing and catching a constraint violation, so trying the
     * insert first on every batch cost more than the update it precedes.
     */
    private static long takeSeqs(Connection connection, String shopId, int count) throws SQLException {
        OptionalLong last = addToCounter(connection, shopId, count);
        if (last.isPresent()) {
            return last.getAsLong();
        }
        try (PreparedStatement create = connection.prepareStatement(
                "INSERT INTO shop_event_counter (shop_id, last_seq) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            create.setString(1, shopId);
            create.executeUpdate();
        }
        return addToCounter(connection, shopId, count).orElseThrow(
                () -> new SQLException("the event counter of " + shopId + " is missing"));
    }

    /** The shop's last seq after adding {@code count}; empty when the shop has no counter yet. */
    private static OptionalLong addToCounter(Connection connection, String shopId, int count) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT last_seq FROM FINAL TABLE (UPDATE shop_event_counter SET last_seq = last_seq + ? WHERE shop_id = ?)")) {
            next.setLong(1, count);
            next.setString(2, shopId);
            try (ResultSet row = next.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The last seq committed for each of these shops that has had an event. */
    public Map<String, Long> lastSeqs(Connection connection, List<String> shopIds) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(shopIds.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT shop_id, last_seq FROM shop_event_counter WHERE shop_id IN (" + marks + ")")) {
            for (int i = 0; i < shopIds.size(); i++) {
                select.setString(i + 1, shopIds.get(i));
            }
            Map<String, Long> counters = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counters.put(row.getString(1), row.getLong(2));
                }
            }
            return counters;
        }
    }

    public List<RefundEvent> after(Connection connection, String shopId, long after, int limit) throws SQLException {
        try (PreparedStatement select = afterQuery(shopId, after, limit).prepare(connection)) {
            List<RefundEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(new RefundEvent(row.getLong("seq"), row.getString("refund_id"), row.getString("order_id"),
                            shopId, DecisionPath.valueOf(row.getString("path")), row.getBigDecimal("refund_amount"),
                            row.getObject("decided_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                            RefundEvent.STOP_SHIPMENT));
                }
            }
            return events;
        }
    }

    /**
     * A page of the feed, read from the key {@code (shop_id, seq)} in its order: H2 reads it so only when the
     * {@code ORDER BY} names {@code shop_id} first (the condition fixes it), and otherwise sorts every event after
     * {@code after}, which an ERP catching up on a day's events would pay on each page.
     */
    Query afterQuery(String shopId, long after, int limit) {
        return new Query("""
                SELECT seq, refund_id, order_id, path, refund_amount, decided_at FROM refund_event
                WHERE shop_id = ? AND seq > ? ORDER BY shop_id, seq LIMIT ?""", List.of(shopId, after, limit));
    }

    public int deleteDecidedBefore(Connection connection, OffsetDateTime cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM refund_event WHERE decided_at < ?")) {
            delete.setObject(1, cutoff);
            return delete.executeUpdate();
        }
    }
}
