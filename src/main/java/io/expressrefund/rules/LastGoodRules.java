package io.expressrefund.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.Database;
import io.expressrefund.rules.source.RuleSource;

/**
 * The rule set last activated, kept in the database for an instance that starts on a rules folder that is refused.
 * Without it such an instance exits, and in a fleet a bad edit that the running instances refused and outlived
 * would keep every instance that restarts from starting. With it, the new instance serves what the running ones
 * serve. One row: the instance that activated last wrote it.
 */
@ApplicationScoped
public class LastGoodRules {
    private static final Logger LOG = Logger.getLogger(LastGoodRules.class);
    private static final int ROW = 1;

    private final Database database;
    private final ObjectMapper json;

    /** The rule set kept, who activated it and when. */
    record Kept(RuleSource source, Instant activatedAt, String activatedBy) {
    }

    private record StoredSource(Map<String, String> drl, Map<String, String> cases) {
    }

    public LastGoodRules(Database database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /**
     * Keeps an activated rule set as the last good one.
     *
     * @throws RuntimeException when the database fails; the caller logs it, as the activation stands without it
     */
    @Transactional
    void remember(RuleSource source, Instant activatedAt, String activatedBy) {
        String files;
        try {
            files = json.writeValueAsString(new StoredSource(source.drlFiles(), source.cases()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the rules cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try (Connection connection = database.connection()) {
            if (update(connection, source, files, activatedAt, activatedBy) == 0) {
                // The first activation ever. Two instances that make theirs at once: one insert fails, and that
                // instance's rules are not kept; the other's, just as good, are.
                insert(connection, source, files, activatedAt, activatedBy);
            }
        } catch (SQLException e) {
            throw database.failure(e);
        }
    }

    /** The last good rule set, if one was kept and can be read. */
    Optional<Kept> recall() {
        try {
            return database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT source_json, activated_at, activated_by FROM last_good_rules WHERE id = ?")) {
                    select.setInt(1, ROW);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return Optional.empty();
                        }
                        StoredSource files = read(row.getString("source_json"));
                        return Optional.of(new Kept(new RuleSource(files.drl(), files.cases()),
                                row.getObject("activated_at", OffsetDateTime.class).toInstant(), row.getString("activated_by")));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("The last good rules cannot be read (%s)", e.getMessage());
            return Optional.empty();
        }
    }

    private StoredSource read(String text) {
        try {
            return json.readValue(text, StoredSource.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the last good rules kept cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static int update(Connection connection, RuleSource source, String files, Instant at, String by)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE last_good_rules SET version = ?, source_json = ?,"
                + " activated_at = ?, activated_by = ? WHERE id = ?")) {
            bind(update, source, files, at, by);
            return update.executeUpdate();
        }
    }

    private static void insert(Connection connection, RuleSource source, String files, Instant at, String by)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO last_good_rules (version, source_json,"
                + " activated_at, activated_by, id) VALUES (?, ?, ?, ?, ?)")) {
            bind(insert, source, files, at, by);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, RuleSource source, String files, Instant at, String by)
            throws SQLException {
        statement.setString(1, source.version());
        statement.setString(2, files);
        statement.setObject(3, at.atOffset(ZoneOffset.UTC));
        statement.setString(4, by.length() > 200 ? by.substring(0, 200) : by);
        statement.setInt(5, ROW);
    }
}
