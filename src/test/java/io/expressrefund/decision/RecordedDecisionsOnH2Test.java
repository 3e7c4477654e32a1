package io.expressrefund.decision;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecordedDecisionsOnH2Test extends RecordedDecisionsContract {
}
