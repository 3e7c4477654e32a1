package io.expressrefund.strategy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.Dialect;

/** SQL for strategies and their daily usage. Every method works inside the caller's transaction. */
@ApplicationScoped
public class StrategyRepository {
    private final Database database;

    public StrategyRepository(Database database) {
        this.database = database;
    }

    private static final String STRATEGY_COLUMNS =
            "s.shop_id, s.enabled, s.max_refund_amount, s.daily_limit, s.daily_amount_limit, s.updated_at, s.updated_by";

    public Optional<Strategy> find(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + STRATEGY_COLUMNS + " FROM auto_refund_strategy s WHERE s.shop_id = ?")) {
            select.setString(1, shopId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(strategy(row)) : Optional.empty();
            }
        }
    }

    /** The shop's strategy with its usage on the day, in one read: what a decision needs of the shop. */
    public Snapshot snapshot(Connection connection, String shopId, LocalDate date) throws SQLException {
        Snapshot found = snapshots(connection, List.of(shopId), date).get(shopId);
        return found != null ? found : Snapshot.none(date);
    }

    /** A shop's strategy (if any) and its usage on one day. */
    public record Snapshot(Optional<Strategy> strategy, DailyUsage usage) {
        /** A shop without a strategy, on the day. */
        public static Snapshot none(LocalDate day) {
            return new Snapshot(Optional.empty(), DailyUsage.none(day));
        }
    }

    /**
     * The snapshots of several shops on one day in one query (as {@link #snapshot} reads one), keyed by shop id;
     * a shop without a strategy is absent.
     */
    public Map<String, Snapshot> snapshots(Connection connection, Collection<String> shopIds, LocalDate date)
            throws SQLException {
        String marks = String.join(", ", Collections.nCopies(shopIds.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT " + STRATEGY_COLUMNS
                + ", u.refund_count, u.refund_amount FROM auto_refund_strategy s"
                + " LEFT JOIN strategy_usage u ON u.shop_id = s.shop_id AND u.usage_date = ? WHERE s.shop_id IN ("
                + marks + ")")) {
            select.setObject(1, date);
            int index = 2;
            for (String shopId : shopIds) {
                select.setString(index++, shopId);
            }
            Map<String, Snapshot> found = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    BigDecimal amount = row.getBigDecimal("refund_amount");
                    DailyUsage usage = amount == null ? DailyUsage.none(date)
                            : new DailyUsage(date, row.getInt("refund_count"), amount);
                    found.put(row.getString("shop_id"), new Snapshot(Optional.of(strategy(row)), usage));
                }
            }
            return found;
        }
    }

    private static Strategy strategy(ResultSet row) throws SQLException {
        int count = row.getInt("daily_limit");
        Integer dailyLimit = row.wasNull() ? null : count;
        return new Strategy(row.getString("shop_id"), row.getBoolean("enabled"), row.getBigDecimal("max_refund_amount"),
                dailyLimit, row.getBigDecimal("daily_amount_limit"), row.getObject("updated_at", OffsetDateTime.class),
                row.getString("updated_by"));
    }

    /**
     * Inserts or replaces the strategy; true when it did not exist before. Two first saves at the same moment
     * both succeed, one as the insert and the other as the replacement.
     */
    public boolean save(Connection connection, Strategy strategy) throws SQLException {
        if (database.dialect(connection) == Dialect.POSTGRESQL) {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO auto_refund_strategy (enabled, max_refund_amount, daily_limit, daily_amount_limit,
                        updated_at, updated_by, shop_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (shop_id) DO UPDATE SET enabled = EXCLUDED.enabled,
                        max_refund_amount = EXCLUDED.max_refund_amount, daily_limit = EXCLUDED.daily_limit,
                        daily_amount_limit = EXCLUDED.daily_amount_limit, updated_at = EXCLUDED.updated_at,
                        updated_by = EXCLUDED.updated_by
                    RETURNING (xmax = 0) AS inserted""")) {
                bindStrategy(upsert, strategy);
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    return row.getBoolean("inserted");
                }
            }
        }
        // H2 has no ON CONFLICT … DO UPDATE: replace, else insert, else (another save inserted it meanwhile) replace.
        if (replace(connection, strategy)) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO auto_refund_strategy (enabled, max_refund_amount, daily_limit, daily_amount_limit,
                    updated_at, updated_by, shop_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            bindStrategy(insert, strategy);
            if (insert.executeUpdate() == 1) {
                return true;
            }
        }
        if (!replace(connection, strategy)) {
            throw new SQLException("the strategy of " + strategy.shopId() + " could be neither inserted nor replaced");
        }
        return false;
    }

    private static boolean replace(Connection connection, Strategy strategy) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE auto_refund_strategy SET enabled = ?, max_refund_amount = ?, daily_limit = ?,
                    daily_amount_limit = ?, updated_at = ?, updated_by = ?
                WHERE shop_id = ?""")) {
            bindStrategy(update, strategy);
            return update.executeUpdate() == 1;
        }
    }

    public boolean delete(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM auto_refund_strategy WHERE shop_id = ?")) {
            delete.setString(1, shopId);
            return delete.executeUpdate() == 1;
        }
    }

    public DailyUsage usage(Connection connection, String shopId, LocalDate date) throws SQLException {
        return readUsage(connection, shopId, date, "");
    }

    /**
     * Reads the day's usage and locks its row until the transaction ends: every strategy refund of the shop
     * and day waits here for the one before it, on this instance or any other sharing the database.
     */
    public DailyUsage lockUsage(Connection connection, String shopId, LocalDate date) throws SQLException {
        if (database.dialect(connection) == Dialect.POSTGRESQL) {
            // The no-op update of an existing row locks it as FOR UPDATE would, in the same statement.
            try (PreparedStatement lock = connection.prepareStatement("""
                    INSERT INTO strategy_usage (shop_id, usage_date, refund_count, refund_amount) VALUES (?, ?, 0, 0)
                    ON CONFLICT (shop_id, usage_date) DO UPDATE SET refund_count = strategy_usage.refund_count
                    RETURNING refund_count, refund_amount""")) {
                lock.setString(1, shopId);
                lock.setObject(2, date);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    return new DailyUsage(date, row.getInt(1), row.getBigDecimal(2));
                }
            }
        }
        // H2 answers ON CONFLICT DO NOTHING by throwing and catching a constraint violation: the row is created
        // only when the day has none yet.
        Optional<DailyUsage> locked = readUsageRow(connection, shopId, date, " FOR UPDATE");
        if (locked.isPresent()) {
            return locked.get();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO strategy_usage (shop_id, usage_date, refund_count, refund_amount) VALUES (?, ?, 0, 0)
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, shopId);
            insert.setObject(2, date);
            insert.executeUpdate();
        }
        return readUsage(connection, shopId, date, " FOR UPDATE");
    }

    public void addUsage(Connection connection, String shopId, LocalDate date, BigDecimal amount) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE strategy_usage SET refund_count = refund_count + 1, refund_amount = refund_amount + ?
                WHERE shop_id = ? AND usage_date = ?""")) {
            update.setBigDecimal(1, amount);
            update.setString(2, shopId);
            update.setObject(3, date);
            if (update.executeUpdate() != 1) {
                throw new SQLException("the usage row of " + shopId + " on " + date + " is missing");
            }
        }
    }

    /** Removes every shop's usage of the days before {@code day}; how many rows it removed. */
    public int deleteUsageBefore(Connection connection, LocalDate day) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM strategy_usage WHERE usage_date < ?")) {
            delete.setObject(1, day);
            return delete.executeUpdate();
        }
    }

    private static DailyUsage readUsage(Connection connection, String shopId, LocalDate date, String lock)
            throws SQLException {
        return readUsageRow(connection, shopId, date, lock).orElseGet(() -> DailyUsage.none(date));
    }

    private static Optional<DailyUsage> readUsageRow(Connection connection, String shopId, LocalDate date, String lock)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT refund_count, refund_amount FROM strategy_usage WHERE shop_id = ? AND usage_date = ?" + lock)) {
            select.setString(1, shopId);
            select.setObject(2, date);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new DailyUsage(date, row.getInt(1), row.getBigDecimal(2))) : Optional.empty();
            }
        }
    }

    private static void bindStrategy(PreparedStatement statement, Strategy strategy) throws SQLException {
        statement.setBoolean(1, strategy.enabled());
        statement.setBigDecimal(2, strategy.maxRefundAmount());
        if (strategy.dailyLimit() == null) {
            statement.setNull(3, Types.INTEGER);
        } else {
            statement.setInt(3, strategy.dailyLimit());
        }
        statement.setBigDecimal(4, strategy.dailyAmountLimit());
        statement.setObject(5, strategy.updatedAt());
        statement.setString(6, strategy.updatedBy());
        statement.setString(7, strategy.shopId());
    }
}
