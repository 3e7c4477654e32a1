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

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.decision.RecordedDecision;
import io.expressrefund.platform.Database;
import io.expressrefund.platform.Dialect;
import io.expressrefund.rules.facts.DecisionPath;

/** SQL for the refund-event feed. */
@ApplicationScoped
public class EventRepository {
    private final Database database;

    public EventRepository(Database database) {
        this.database = database;
    }

    /** Appends the event of an automatic refund, numbered next for its shop, inside the caller's transaction. */
    public long append(Connection connection, RecordedDecision decision) throws SQLException {
        String shopId = decision.shopId();
        // Taking the next seq locks the shop's counter until commit: events of a shop commit in seq order, no gaps.
        long seq = database.dialect(connection) == Dialect.POSTGRESQL ? nextSeqInOneStatement(connection, shopId)
                : nextSeq(connection, shopId);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO refund_event (shop_id, seq, refund_id, order_id, path, refund_amount, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, shopId);
            insert.setLong(2, seq);
            insert.setString(3, decision.refundId());
            insert.setString(4, decision.orderId());
            insert.setString(5, decision.path().name());
            insert.setBigDecimal(6, decision.refundAmount());
            insert.setObject(7, decision.decidedAt());
            insert.executeUpdate();
        }
        return seq;
    }

    private static long nextSeqInOneStatement(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement("""
                INSERT INTO shop_event_counter (shop_id, last_seq) VALUES (?, 1)
                ON CONFLICT (shop_id) DO UPDATE SET last_seq = shop_event_counter.last_seq + 1
                RETURNING last_seq""")) {
            next.setString(1, shopId);
            try (ResultSet row = next.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static long nextSeq(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(
                "INSERT INTO shop_event_counter (shop_id, last_seq) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            create.setString(1, shopId);
            create.executeUpdate();
        }
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT last_seq FROM FINAL TABLE (UPDATE shop_event_counter SET last_seq = last_seq + 1 WHERE shop_id = ?)")) {
            next.setString(1, shopId);
            try (ResultSet row = next.executeQuery()) {
                row.next();
                return row.getLong(1);
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
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT seq, refund_id, order_id, path, refund_amount, decided_at FROM refund_event
                WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?""")) {
            select.setString(1, shopId);
            select.setLong(2, after);
            select.setInt(3, limit);
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

    public int deleteDecidedBefore(Connection connection, OffsetDateTime cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM refund_event WHERE decided_at < ?")) {
            delete.setObject(1, cutoff);
            return delete.executeUpdate();
        }
    }
}
