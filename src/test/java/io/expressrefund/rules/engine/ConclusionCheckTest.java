package io.expressrefund.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

class ConclusionCheckTest {

    @Test
    void theShippedKindsOfReasonAndApprovalAreWellFormed() {
        assertNull(ConclusionCheck.problemWith(Unmet.expressRefund("FRESH_FOOD", "Fresh food is reviewed by the merchant.")));
        assertNull(ConclusionCheck.problemWith(Unmet.strategy("OVER_STRATEGY_CAP", "超过商家设置的自动退款金额上限。")));
        assertNull(ConclusionCheck.problemWith(Unmet.expressRefund("A".repeat(64), "x".repeat(500))));
        assertNull(ConclusionCheck.problemWith(new Approval(DecisionPath.CUSTOM_STRATEGY)));
        assertNull(ConclusionCheck.problemWith("not a conclusion"));
    }

    @Test
    void eachWayAReasonIsNotOneIsSaid() {
        assertTrue(ConclusionCheck.problemWith(new Unmet(null, "X", "y")).startsWith("a reason names its path"));
        assertTrue(ConclusionCheck.problemWith(new Approval(null)).startsWith("an Approval names its path"));
        for (String code : new String[] { null, "", "lower", "1ST", "WITH SPACE", "A".repeat(65), "NEW\nLINE" }) {
            String problem = ConclusionCheck.problemWith(Unmet.expressRefund(code, "A message."));
            assertTrue(problem.startsWith("the reason code "), problem);
        }
        assertEquals("the reason code \"NEW\\u000aLINE\" is not a code: 1 to 64 capital letters, digits and _, "
                + "starting with a letter (FRESH_FOOD)", ConclusionCheck.problemWith(Unmet.expressRefund("NEW\nLINE", "m")));
        assertTrue(ConclusionCheck.problemWith(Unmet.expressRefund("RULE_FAILURE", "m")).contains("the service's own"));
        assertTrue(ConclusionCheck.problemWith(Unmet.expressRefund("REQUEST_REFUSED", "m")).contains("the service's own"));
        for (String message : new String[] { null, "", "   ", "x".repeat(501), "a\u0000b", "two\nlines" }) {
            String problem = ConclusionCheck.problemWith(Unmet.strategy("CODE", message));
            assertTrue(problem.startsWith("the message of reason CODE is not a line a merchant can read"), problem);
        }
    }
}
