package io.expressrefund.platform;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The one active datasource (H2 or PostgreSQL, chosen at run time) and plain JDBC transactions on it.
 * A failure of the database becomes a {@link StorageException}: the caller gets 503, never a half-written record.
 */
@ApplicationScoped
public class Database {
    private final InjectableInstance<AgroalDataSource> dataSources;
    private volatile DataSource active;

    public Database(@Any InjectableInstance<AgroalDataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("the database failed: " + e.getMessage(), e);
        }
    }

    /** Runs read-only work on a connection of its own. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource().getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("the database failed: " + e.getMessage(), e);
        }
    }

    /** Whether the database answers, for readiness. */
    public boolean answers() {
        try (Connection connection = dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private DataSource dataSource() {
        DataSource dataSource = active;
        if (dataSource == null) {
            dataSource = dataSources.getActive();
            active = dataSource;
        }
        return dataSource;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }
}
