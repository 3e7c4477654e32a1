package io.expressrefund.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.expressrefund.platform.Dialect;
import io.expressrefund.platform.Query;

/** How a database would run a query: whether it reads rows from an index in order or sorts them. */
public final class QueryPlans {
    private QueryPlans() {
    }

    /**
     * The query's plan, as the database prints it. PostgreSQL is told to avoid sorts (it prefers them on a small
     * table), so that a plan that still sorts has no index to read in order.
     */
    public static String plan(Connection connection, Query query) throws SQLException {
        boolean postgres = Dialect.of(connection) == Dialect.POSTGRESQL;
        connection.setAutoCommit(false);
        try {
            if (postgres) {
                try (Statement avoidSorts = connection.createStatement()) {
                    avoidSorts.execute("SET LOCAL enable_sort = off");
                }
            }
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement explain = query.prepare(connection, "EXPLAIN ");
                    ResultSet lines = explain.executeQuery()) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** Whether the plan sorts the rows: H2 marks a plan whose rows come in order, PostgreSQL one that sorts. */
    public static boolean sorts(Dialect dialect, String plan) {
        return dialect == Dialect.H2 ? !plan.contains("/* index sorted */") : plan.contains("Sort");
    }
}
