package io.expressrefund.replay;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
// Paced here, in the idle scheduling class on H2: the suite runs both ways a replay can take its CPU.
@TestProfile(PacedReplaysOnPostgresProfile.class)
class ReplayOnPostgresTest extends ReplayContract {
}
