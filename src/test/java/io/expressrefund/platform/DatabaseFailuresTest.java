package io.expressrefund.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

import org.junit.jupiter.api.Test;

/** Which database failures are an outage to retry (503) and which are data the database refused (a bug: 500). */
class DatabaseFailuresTest {

    @Test
    void lostConnectionsTimeOutsAndRetryableStatesAreUnavailability() {
        for (String state : new String[] { "08006", "08001", "57014", "57P01", "40001", "40P01", "53300", "HYT00" }) {
            assertTrue(Database.isUnavailable(new SQLException("x", state)), state);
        }
        assertTrue(Database.isUnavailable(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(Database.isUnavailable(new SQLTimeoutException("x", "22000")));
    }

    @Test
    void dataExceptionsAndStatementErrorsAreNot() {
        for (String state : new String[] { "22008", "22021", "22P05", "22003", "42601", "42703", "23502" }) {
            assertFalse(Database.isUnavailable(new SQLException("x", state)), state);
        }
    }
}
