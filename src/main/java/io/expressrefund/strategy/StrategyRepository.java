package io.expressrefund.strategy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** SQL for strategies and their daily usage. Every method works inside the caller's transaction. */
@ApplicationScoped
public class StrategyRepository {

    public Optional<Strategy> find(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT shop_id, enabled, max_refund_amount, daily_limit, daily_amount_limit, updated_at, updated_by
                FROM auto_refund_strategy WHERE shop_id = ?""")) {
            select.setString(1, shopId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int count = row.getInt("daily_limit");
                Integer dailyLimit = row.wasNull() ? null : count;
                return Optional.of(new Strategy(row.getString("shop_id"), row.getBoolean("enabled"),
                        row.getBigDecimal("max_refund_amount"), dailyLimit,
                        row.getBigDecimal("daily_amount_limit"), row.getObject("updated_at", OffsetDateTime.class),
                        row.getString("updated_by")));
            }
        }
    }

    /** Inserts or replaces the strategy; true when it did not exist before. */
    public boolean save(Connection connection, Strategy strategy) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE auto_refund_strategy SET enabled = ?, max_refund_amount = ?, daily_limit = ?,
                    daily_amount_limit = ?, updated_at = ?, updated_by = ?
                WHERE shop_id = ?""")) {
            bindStrategy(update, strategy);
            update.setString(7, strategy.shopId());
            if (update.executeUpdate() == 1) {
                return false;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO auto_refund_strategy (enabled, max_refund_amount, daily_limit, daily_amount_limit,
                    updated_at, updated_by, shop_id) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            bindStrategy(insert, strategy);
            insert.setString(7, strategy.shopId());
            insert.executeUpdate();
            return true;
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

    private static DailyUsage readUsage(Connection connection, String shopId, LocalDate date, String lock)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT refund_count, refund_amount FROM strategy_usage WHERE shop_id = ? AND usage_date = ?" + lock)) {
            select.setString(1, shopId);
            select.setObject(2, date);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new DailyUsage(date, row.getInt(1), row.getBigDecimal(2)) : DailyUsage.none(date);
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
    }
}
