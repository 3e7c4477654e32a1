package io.expressrefund.decision;

import io.expressrefund.request.RefundRequest;

import java.util.Set;
import java.util.Collections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.Query;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.ShopStrategy;

/** SQL for recorded decisions. Every method works inside the caller's transaction. */
@ApplicationScoped
public class DecisionRepository {
    private static final String COLUMNS = """
            refund_id, shop_id, order_id, outcome, path, refund_amount, requested_at, decided_at, decided_by,
            rule_set_version, request_fingerprint, request_json, reasons_json, fired_rules_json""";
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public DecisionRepository(ObjectMapper json) {
        this.json = json;
    }

    /** A recorded decision with the fingerprint of the request that produced it. */
    public record Stored(RecordedDecision decision, String fingerprint) {
    }

    /** A decision to insert, with the fingerprint of its request and the strategy facts it was decided on. */
    public record NewRow(RecordedDecision decision, String fingerprint, ShopStrategy strategy) {
    }

    /**
     * Inserts the decisions in one batch, each with the strategy facts it was decided on (null: the shop had
     * none); false when a refund id was already taken (that row is not written; the caller rolls back).
     */
    public boolean insert(Connection connection, List<NewRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO refund_decision (" + COLUMNS
                + ", strategy_snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (NewRow row : rows) {
                RecordedDecision decision = row.decision();
                insert.setString(1, decision.refundId());
                insert.setString(2, decision.shopId());
                insert.setString(3, decision.orderId());
                insert.setString(4, decision.outcome().name());
                insert.setString(5, decision.path() == null ? null : decision.path().name());
                insert.setBigDecimal(6, decision.refundAmount());
                insert.setObject(7, decision.requestedAt());
                insert.setObject(8, decision.decidedAt());
                insert.setString(9, decision.decidedBy());
                insert.setString(10, decision.ruleSetVersion());
                insert.setString(11, row.fingerprint());
                insert.setString(12, write(decision.request()));
                insert.setString(13, write(decision.reasons()));
                insert.setString(14, write(decision.firedRules()));
                insert.setString(15, write(row.strategy()));
                insert.addBatch();
            }
            for (int inserted : insert.executeBatch()) {
                if (inserted == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    public Optional<Stored> find(Connection connection, String refundId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM refund_decision WHERE refund_id = ?")) {
            select.setString(1, refundId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Stored(read(row, true), row.getString("request_fingerprint")))
                        : Optional.empty();
            }
        }
    }

    /** The earliest automatic refund of an order within the given shops. */
    public Optional<RecordedDecision> automaticRefundOf(Connection connection, String orderId, Set<String> shopIds)
            throws SQLException {
        String marks = String.join(", ", Collections.nCopies(shopIds.size(), "?"));
        String sql = "SELECT " + COLUMNS + " FROM refund_decision WHERE order_id = ? AND outcome = 'AUTO_REFUND'"
                + " AND shop_id IN (" + marks + ") ORDER BY decided_at LIMIT 1";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, orderId);
            int index = 2;
            for (String shopId : shopIds) {
                select.setString(index++, shopId);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row, false)) : Optional.empty();
            }
        }
    }

    /** Newest first, one more than the limit so that the caller knows whether a next page exists. */
    public List<RecordedDecision> list(Connection connection, DecisionFilter filter) throws SQLException {
        Query query = listQuery(filter);
        try (PreparedStatement select = query.prepare(connection)) {
            List<RecordedDecision> page = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    page.add(read(row, false));
                }
            }
            return page;
        }
    }

    /**
     * The listing's SQL. Newest first is read from an index without a sort, however many rows there are: the one on
     * {@code (decided_at, refund_id, requested_at)} read backwards, or for one shop the one on
     * {@code (shop_id, decided_at DESC, refund_id DESC)}, which H2 reads in order only when {@code shop_id} leads
     * the {@code ORDER BY} (a column the condition fixes, so the order is the same).
     */
    Query listQuery(DecisionFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM refund_decision WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (filter.shopId() != null) {
            sql.append(" AND shop_id = ?");
            values.add(filter.shopId());
        }
        if (filter.path() != null) {
            sql.append(" AND path = ?");
            values.add(filter.path().name());
        }
        if (filter.outcome() != null) {
            sql.append(" AND outcome = ?");
            values.add(filter.outcome().name());
        }
        if (filter.from() != null) {
            sql.append(" AND decided_at >= ?");
            values.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" AND decided_at < ?");
            values.add(filter.to());
        }
        if (filter.after() != null) {
            OffsetDateTime at = filter.after().decidedAt().atOffset(ZoneOffset.UTC);
            sql.append(" AND (decided_at < ? OR (decided_at = ? AND refund_id < ?))");
            values.add(at);
            values.add(at);
            values.add(filter.after().refundId());
        }
        sql.append(filter.shopId() != null ? " ORDER BY shop_id, decided_at DESC, refund_id DESC LIMIT ?"
                : " ORDER BY decided_at DESC, refund_id DESC LIMIT ?");
        values.add(filter.limit() + 1);
        return new Query(sql.toString(), values);
    }

    private RecordedDecision read(ResultSet row, boolean withRequest) throws SQLException {
        String path = row.getString("path");
        return new RecordedDecision(row.getString("refund_id"), row.getString("shop_id"), row.getString("order_id"),
                Outcome.valueOf(row.getString("outcome")), path == null ? null : DecisionPath.valueOf(path),
                row.getBigDecimal("refund_amount"), parse(row.getString("reasons_json"), REASONS),
                parse(row.getString("fired_rules_json"), NAMES), row.getString("rule_set_version"),
                utc(row.getObject("requested_at", OffsetDateTime.class)), utc(row.getObject("decided_at", OffsetDateTime.class)),
                row.getString("decided_by"),
                withRequest ? parse(row.getString("request_json"), new TypeReference<RefundRequest>() {
                }) : null);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private String write(Object value) throws SQLException {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write a decision as JSON", e);
        }
    }

    private <T> T parse(String text, TypeReference<T> type) throws SQLException {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored decision cannot be read", e);
        }
    }
}
