package io.expressrefund.decision;

import io.expressrefund.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class HostileInputOnPostgresTest extends HostileInputContract {
}
