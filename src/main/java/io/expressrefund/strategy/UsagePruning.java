package io.expressrefund.strategy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.PlatformConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Removes strategies' usage of platform days past the retention, so that the table holds a few weeks of shop-days
 * rather than every day since the service began. Only today's usage decides; a recorded decision keeps the usage it
 * was decided on in its own snapshot. Each instance prunes on its own; a delete that another instance did first
 * removes nothing.
 */
@ApplicationScoped
public class UsagePruning {
    private static final Logger LOG = Logger.getLogger(UsagePruning.class);

    private final Database database;
    private final StrategyRepository repository;
    private final StrategyConfig config;
    private final PlatformConfig platform;
    private final Clock clock;

    public UsagePruning(Database database, StrategyRepository repository, StrategyConfig config, PlatformConfig platform,
            Clock clock) {
        this.database = database;
        this.repository = repository;
        this.config = config;
        this.platform = platform;
        this.clock = clock;
    }

    @Scheduled(every = "6h", delay = 2, delayUnit = TimeUnit.MINUTES, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        pruneOlderThanRetention();
    }

    /** Removes the usage of days before {@link #oldestDayKept}; how many shop-days it removed. */
    @Transactional
    public int pruneOlderThanRetention() {
        LocalDate oldest = oldestDayKept(LocalDate.now(clock.withZone(platform.zone())), config.usageRetention(),
                platform.maxRequestAge());
        int removed;
        try (Connection connection = database.connection()) {
            removed = repository.deleteUsageBefore(connection, oldest);
        } catch (SQLException e) {
            throw database.failure(e);
        }
        if (removed > 0) {
            LOG.infof("Removed the strategy usage of %d shop-days before %s", removed, oldest);
        }
        return removed;
    }

    /**
     * The first day whose usage is kept: {@code retention} before today, but never a day that a request may still
     * be recorded for (the oldest recordable request, {@code maxRequestAge} before now, falls at most that many
     * days, rounded up, before today), with a day to spare.
     */
    static LocalDate oldestDayKept(LocalDate today, Duration retention, Duration maxRequestAge) {
        long retainedDays = ceilDays(retention);
        long writableDays = ceilDays(maxRequestAge) + 1;
        return today.minusDays(Math.max(retainedDays, writableDays));
    }

    private static long ceilDays(Duration duration) {
        long days = duration.toDays();
        return duration.equals(Duration.ofDays(days)) ? days : days + 1;
    }
}
