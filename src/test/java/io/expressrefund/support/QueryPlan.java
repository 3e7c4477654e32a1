package io.expressrefund.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expressrefund.platform.Dialect;
import io.expressrefund.platform.Query;

/** How a database would run a query, as it prints it: whether it reads rows from an index in order or sorts them. */
public record QueryPlan(Dialect dialect, String text) {
    /**
     * The index read: H2 names it in a comment after the table, PostgreSQL after "using", or after "Bitmap Index Scan
     * on" when it collects the matches in a bitmap first (its choice for a few rows, by its statistics of the moment).
     */
    private static final Pattern INDEX =
            Pattern.compile("/\\* public\\.(\\w+)[: ]|using (\\w+) on|bitmap index scan on (\\w+)");

    /**
     * The query's plan. PostgreSQL is told to avoid sorts and whole-table scans (it prefers them on a small table),
     * so that a plan that still sorts or scans has no index to use instead.
     */
    public static QueryPlan of(Connection connection, Query query) throws SQLException {
        Dialect dialect = Dialect.of(connection);
        connection.setAutoCommit(false);
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement avoidSortsAndScans = connection.createStatement()) {
                    avoidSortsAndScans.execute("SET LOCAL enable_sort = off");
                    avoidSortsAndScans.execute("SET LOCAL enable_seqscan = off");
                }
            }
            StringBuilder text = new StringBuilder();
            try (PreparedStatement explain = query.prepare(connection, "EXPLAIN ");
                    ResultSet lines = explain.executeQuery()) {
                while (lines.next()) {
                    text.append(lines.getString(1)).append('\n');
                }
            }
            return new QueryPlan(dialect, text.toString());
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** Whether the rows are sorted: H2 marks a plan whose rows come in index order, PostgreSQL one that sorts. */
    public boolean sorts() {
        return dialect == Dialect.H2 ? !text.contains("/* index sorted */") : text.contains("Sort");
    }

    /**
     * Whether a range of an index bounded by a condition on {@code column} is read, rather than every row: H2 names
     * an index's conditions in a comment after the table, PostgreSQL in an "Index Cond" line.
     */
    public boolean readsAnIndexRangeOn(String column) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (dialect == Dialect.H2) {
            int comment = lower.indexOf("/* public.");
            return comment >= 0 && lower.substring(comment, lower.indexOf("*/", comment)).contains(column + " >=");
        }
        return lower.lines().anyMatch(line -> line.contains("index cond") && line.contains(column + " >="));
    }

    /** The name of the index the rows are read from, or null when none is. */
    public String index() {
        Matcher index = INDEX.matcher(text.toLowerCase(Locale.ROOT));
        if (!index.find()) {
            return null;
        }
        for (int group = 1; group <= index.groupCount(); group++) {
            if (index.group(group) != null) {
                return index.group(group);
            }
        }
        return null;
    }

    /** The columns of an index of the {@code public} schema, as the database's metadata gives them. */
    public static Set<String> columnsOf(Connection connection, String table, String index) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (ResultSet rows = connection.getMetaData().getIndexInfo(null, "public", table, false, false)) {
            while (rows.next()) {
                if (index.equalsIgnoreCase(rows.getString("INDEX_NAME"))) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    @Override
    public String toString() {
        return text;
    }
}
