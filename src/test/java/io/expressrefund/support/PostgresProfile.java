package io.expressrefund.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service on the PostgreSQL of this machine (127.0.0.1:5432, user postgres, trust auth), in a
 * database of its own that it creates when missing.
 */
public class PostgresProfile implements QuarkusTestProfile {
    /** Overridable so that two checkouts can run their suites at once on one PostgreSQL. */
    public static final String DATABASE = System.getProperty("test.pg.database", "express_refund_test");
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    public PostgresProfile() {
        createDatabaseIfMissing();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.\"pg\".active", "true",
                "quarkus.datasource.\"h2\".active", "false",
                "quarkus.datasource.\"pg\".jdbc.url", URL);
    }

    public static void createDatabaseIfMissing() {
        java.util.Properties user = new java.util.Properties();
        user.setProperty("user", "postgres");
        // The driver directly: Quarkus' test class loading can hide it from DriverManager.
        try (Connection admin = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", user);
                Statement statement = admin.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must run on 127.0.0.1:5432 for these tests (.ci/run starts it)", e);
        }
    }
}
