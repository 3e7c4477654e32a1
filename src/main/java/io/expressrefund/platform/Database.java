package io.expressrefund.platform;

import java.sql.Connection;
import java.sql.SQLException;

import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The one active datasource (H2 or PostgreSQL, chosen at run time). Writes run in the platform's JTA
 * transactions: a {@code @Transactional} method takes {@link #connection()}, which Agroal enlists, and the same
 * connection serves every call in that transaction. Reads that need no transaction take {@link #read}.
 * A database that fails or stops answering becomes a {@link StorageException}: the caller gets 503, never a
 * half-written record. Work that runs past {@code refund.storage.timeout} has its connection aborted, so a frozen
 * database cannot hold a request longer than that. What the database refuses as data is a
 * {@link StorageDataException}: a bug, not an outage.
 */
@ApplicationScoped
public class Database {
    private static final Object DEADLINE = new Object();

    private final InjectableInstance<AgroalDataSource> dataSources;
    private final StorageConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "storage-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DataSource active;
    private volatile Dialect dialect;

    public Database(@Any InjectableInstance<AgroalDataSource> dataSources, StorageConfig config,
            TransactionSynchronizationRegistry transactions) {
        this.dataSources = dataSources;
        this.config = config;
        this.transactions = transactions;
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * The connection of the current transaction, to close after use (the transaction keeps it until it ends).
     * The first call in a transaction starts its deadline, which the end of the transaction cancels.
     */
    public Connection connection() {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("Database.connection() is for @Transactional methods; use read()");
        }
        try {
            Connection connection = dataSource().getConnection();
            if (transactions.getResource(DEADLINE) == null) {
                ScheduledFuture<?> deadline = abortAtDeadline(connection);
                transactions.putResource(DEADLINE, deadline);
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        // the deadline still holds while the transaction commits
                    }

                    @Override
                    public void afterCompletion(int status) {
                        deadline.cancel(false);
                    }
                });
            }
            return connection;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs read-only work on a connection of its own. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource().getConnection()) {
            ScheduledFuture<?> deadline = abortAtDeadline(connection);
            try {
                return work.run(connection);
            } finally {
                deadline.cancel(false);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Whether the database is unavailable (a lost or refused connection, a time-out, a transaction to retry) —
     * worth a retry — or refused the data it was given, which no retry mends.
     */
    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // The pool's own failures (no connection in time) and aborted connections carry no SQLSTATE.
            return true;
        }
        return state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("40")
                || state.startsWith("HY") || state.startsWith("58");
    }

    /** What a failed statement means for the caller: an outage (503) or data the database refused (a bug). */
    public RuntimeException failure(SQLException e) {
        if (isUnavailable(e) || Sql.isUniqueViolation(e)) {
            return new StorageException("the database failed: " + e.getMessage(), e);
        }
        return new StorageDataException("the database refused the data (SQLSTATE " + e.getSQLState() + "): "
                + e.getMessage(), e);
    }

    /**
     * Bounds the work on a connection by the storage timeout: every wait for the database's answer (the
     * driver's network timeout), and the work as a whole (the connection is aborted at the deadline, and the
     * blocked call fails at once).
     */
    private ScheduledFuture<?> abortAtDeadline(Connection connection) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) config.timeout().toMillis());
        } catch (SQLFeatureNotSupportedException e) {
            // an embedded database (H2) has no network to wait on
        }
        return deadlines.schedule(() -> {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // the connection is going away either way
            }
        }, config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Which of the two databases is active, learnt from the first connection that asks. */
    public Dialect dialect(Connection connection) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(connection);
            dialect = known;
        }
        return known;
    }

    /**
     * Which of the two databases the active datasource's JDBC URL names: known before any connection is opened,
     * even while the database is down, but only a guess for a driver whose URL hides it. Good for tuning (how
     * many writers), never for SQL, which asks the connection ({@link #dialect(Connection)}).
     */
    public Dialect dialectByUrl() {
        return Dialect.ofJdbcUrl(dataSources.getActive().getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration().jdbcUrl());
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

}
