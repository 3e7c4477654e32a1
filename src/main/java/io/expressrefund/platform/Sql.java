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
}
