package io.expressrefund.decision;

import io.expressrefund.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class RecordedDecisionsOnPostgresTest extends RecordedDecisionsContract {
    @Override
    int defaultWriters() {
        return 2; // PostgreSQL commits transactions side by side
    }
}
