package io.expressrefund.decision;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecordedDecisionsOnH2Test extends RecordedDecisionsContract {
    @Override
    int defaultWriters() {
        return 1; // H2 commits one transaction at a time
    }
}
