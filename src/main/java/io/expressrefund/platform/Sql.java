package io.expressrefund.platform;

import java.sql.SQLException;

/** Small helpers for portable SQL across H2 and PostgreSQL. */
public final class Sql {
    private Sql() {
    }

    /** SQLSTATE 23505: a unique key was already taken (both H2 and PostgreSQL say so). */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether work that failed as part of a batch may succeed alone: a key taken (23…), or a deadlock or
     * serialization failure between transactions (40…). An outage (a lost connection, a time-out) is not.
     */
    public static boolean isWorthRetryingAlone(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("40"))) {
                return true;
            }
        }
        return false;
    }
}
