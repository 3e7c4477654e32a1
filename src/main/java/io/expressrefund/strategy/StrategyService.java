package io.expressrefund.strategy;

import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.PlatformConfig;

/** Merchants' strategies: stored, replaced, removed, and read with the day's usage. */
@ApplicationScoped
public class StrategyService {
    private final Database database;
    private final StrategyRepository repository;
    private final PlatformConfig platform;
    private final Clock clock;
    private final Event<StrategyChanged> changed;

    public StrategyService(Database database, StrategyRepository repository, PlatformConfig platform, Clock clock,
            Event<StrategyChanged> changed) {
        this.changed = changed;
        this.database = database;
        this.repository = repository;
        this.platform = platform;
        this.clock = clock;
    }

    public record Saved(StrategyView strategy, boolean created) {
    }

    @Transactional
    public Saved save(String shopId, StrategyRequest request, String caller) {
        request.checked();
        Strategy strategy = new Strategy(shopId, request.enabled(),
                request.maxRefundAmount().setScale(2, RoundingMode.UNNECESSARY), request.dailyLimit(),
                request.dailyAmountLimit() == null ? null : request.dailyAmountLimit().setScale(2, RoundingMode.UNNECESSARY),
                OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS), caller);
        LocalDate today = today();
        try (Connection connection = database.connection()) {
            boolean created = repository.save(connection, strategy);
            changed.fire(new StrategyChanged(shopId));
            return new Saved(StrategyView.of(strategy, repository.usage(connection, shopId, today)), created);
        } catch (SQLException e) {
            throw database.failure(e);
        }
    }

    public Optional<StrategyView> find(String shopId) {
        LocalDate today = today();
        return database.read(connection -> {
            Optional<Strategy> strategy = repository.find(connection, shopId);
            if (strategy.isEmpty()) {
                return Optional.<StrategyView>empty();
            }
            return Optional.of(StrategyView.of(strategy.get(), repository.usage(connection, shopId, today)));
        });
    }

    @Transactional
    public boolean delete(String shopId) {
        try (Connection connection = database.connection()) {
            changed.fire(new StrategyChanged(shopId));
            return repository.delete(connection, shopId);
        } catch (SQLException e) {
            throw database.failure(e);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(platform.zone()));
    }
}
