package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** What check-rules and the console's draft write of a case's expected and actual decision. */
class CaseResultTextTest {
    @Test
    void aDecisionIsWrittenAsTheReplayWritesItWithItsReasons() {
        assertEquals("AUTO_REFUND / EXPRESS_REFUND",
                new RuleCaseRunner.Result(Outcome.AUTO_REFUND, DecisionPath.EXPRESS_REFUND, List.of()).toString());
        assertEquals("MANUAL_REVIEW: PROBE, REQUEST_WINDOW_EXPIRED",
                new RuleCaseRunner.Result(Outcome.MANUAL_REVIEW, null, List.of("PROBE", "REQUEST_WINDOW_EXPIRED")).toString());
    }
}
