package io.expressrefund.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.platform.Query;

/** Reads recorded decisions for a replay, a page at a time in the order they were recorded; never writes. */
@ApplicationScoped
public class ReplayRepository {
    private static final String COLUMNS = """
            refund_id, shop_id, outcome, path, refund_amount, requested_at, decided_at, request_json, reasons_json,
            fired_rules_json, strategy_snapshot""";

    /** Where the last page ended. */
    record Key(Instant decidedAt, String refundId) {
    }

    /** What a replay covers: requests made in [from, to), optionally of one shop. */
    record Range(Instant from, Instant to, String shopId) {
    }

    /** How many decisions the range holds; none was decided before {@code start}, where the count starts reading. */
    long count(Connection connection, Range range, Key start) throws SQLException {
        try (PreparedStatement select = countQuery(range, start).prepare(connection);
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * The count's SQL. {@code requested_at} leads no index; the bound on {@code decided_at} makes it a range of the
     * time-order index (or of the shop's), so a count of last week's decisions does not read the whole table. The
     * time-order index ends with {@code requested_at} (migration V5), so a count of every shop reads no row.
     */
    Query countQuery(Range range, Key start) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM refund_decision WHERE requested_at >= ? AND requested_at < ?");
        List<Object> values = new ArrayList<>();
        values.add(range.from().atOffset(ZoneOffset.UTC));
        values.add(range.to().atOffset(ZoneOffset.UTC));
        if (range.shopId() != null) {
            sql.append(" AND shop_id = ?");
            values.add(range.shopId());
        }
        sql.append(" AND decided_at >= ?");
        values.add(start.decidedAt().atOffset(ZoneOffset.UTC));
        return new Query(sql.toString(), values);
    }

    /**
     * The next page after {@code after} (null: from the start), oldest decision first. A request is decided after
     * it was made (give or take the callers' clock skew), so the first page can start at the range's start.
     */
    List<RecordedRow> page(Connection connection, Range range, Key after, int size) throws SQLException {
        try (PreparedStatement select = pageQuery(range, after, size).prepare(connection)) {
            List<RecordedRow> rows = new ArrayList<>(size);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new RecordedRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getBigDecimal(5), row.getObject(6, OffsetDateTime.class).toInstant(),
                            row.getObject(7, OffsetDateTime.class).toInstant(), row.getString(8), row.getString(9),
                            row.getString(10), row.getString(11)));
                }
            }
            return rows;
        }
    }

    /**
     * A page's SQL, read from an index in its order without a sort, so that each page costs its own rows only: the
     * index on {@code (decided_at, refund_id, requested_at)}, or for one shop the one on
     * {@code (shop_id, decided_at DESC, refund_id DESC)} read backwards, which H2 does only when the
     * {@code ORDER BY} is that index's order reversed in every column ({@code shop_id DESC}: the condition fixes
     * it, so the order is the same).
     */
    Query pageQuery(Range range, Key after, int size) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM refund_decision WHERE requested_at >= ? AND requested_at < ?");
        List<Object> values = new ArrayList<>();
        values.add(range.from().atOffset(ZoneOffset.UTC));
        values.add(range.to().atOffset(ZoneOffset.UTC));
        if (range.shopId() != null) {
            sql.append(" AND shop_id = ?");
            values.add(range.shopId());
        }
        if (after != null) {
            // The first condition alone is a range of the index: each page starts where the last one ended instead
            // of reading every row before it again.
            sql.append(" AND decided_at >= ? AND (decided_at > ? OR refund_id > ?)");
            OffsetDateTime at = after.decidedAt().atOffset(ZoneOffset.UTC);
            values.add(at);
            values.add(at);
            values.add(after.refundId());
        }
        sql.append(range.shopId() != null ? " ORDER BY shop_id DESC, decided_at, refund_id LIMIT ?"
                : " ORDER BY decided_at, refund_id LIMIT ?");
        values.add(size);
        return new Query(sql.toString(), values);
    }
}
