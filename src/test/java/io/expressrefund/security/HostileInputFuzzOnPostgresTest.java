package io.expressrefund.security;

import io.expressrefund.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same fuzz on PostgreSQL, where out-of-range instants and NUL bytes once passed for an outage. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class HostileInputFuzzOnPostgresTest extends HostileInputFuzzTest {
}
