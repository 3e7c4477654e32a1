package io.expressrefund.platform;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The two databases the service runs on. Most SQL is written once for both (H2 runs in PostgreSQL mode); an
 * upsert that returns the row is not, because H2 has no {@code ON CONFLICT … DO UPDATE}.
 */
public enum Dialect {
    H2, POSTGRESQL;

    public static Dialect of(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
                ? POSTGRESQL : H2;
    }

    /**
     * The database a JDBC URL points at, known without connecting; a driver wrapped around PostgreSQL's
     * ({@code jdbc:otel:postgresql:…}) counts as PostgreSQL.
     */
    public static Dialect ofJdbcUrl(String url) {
        return url != null && url.startsWith("jdbc:") && url.contains(":postgresql:") ? POSTGRESQL : H2;
    }
}
