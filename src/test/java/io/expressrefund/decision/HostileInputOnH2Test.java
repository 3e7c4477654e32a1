package io.expressrefund.decision;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HostileInputOnH2Test extends HostileInputContract {
}
