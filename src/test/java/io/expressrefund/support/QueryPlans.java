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
     * The query's plan, as the database prints it. PostgreSQL is told to avoid sorts and whole-table scans (it
     * prefers them on a small table), so that a plan that still sorts or scans has no index to use instead.
     */
    public static String plan(Connection connection, Query query) throws SQLException {
        boolean postgres = Dialect.of(connection) == Dialect.POSTGRESQL;
        connection.setAutoCommit(false);
        try {
            if (postgres) {
                try (Statement avoidSortsAndScans = connection.createStatement()) {
                    avoidSortsAndScans.execute("SET LOCAL enable_sort = off");
                    avoidSortsAndScans.execute("SET LOCAL enable_seqscan = off");
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

    /**
     * Whether the plan reads a range of an index bounded by a condition on {@code column}, rather than every row:
     * H2 names an index's conditions in a comment after the table, PostgreSQL in an "Index Cond" line.
     */
    public static boolean readsAnIndexRangeOn(Dialect dialect, String plan, String column) {
        String lower = plan.toLowerCase(java.util.Locale.ROOT);
        if (dialect == Dialect.H2) {
            int comment = lower.indexOf("/* public.");
            return comment >= 0 && lower.substring(comment, lower.indexOf("*/", comment)).contains(column + " >=");
        }
        return lower.lines().anyMatch(line -> line.contains("index cond") && line.contains(column + " >="));
    }
}
