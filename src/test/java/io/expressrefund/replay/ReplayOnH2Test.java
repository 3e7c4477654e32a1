package io.expressrefund.replay;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReplayOnH2Test extends ReplayContract {
}
