package io.expressrefund.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class InvalidRequestExceptionTest {

    @Test
    void aRefusedRequestCostsNoStackTraceAndKeepsItsViolations() {
        InvalidRequestException refused = new InvalidRequestException("refundAmount", "must not be more than order.paidAmount");

        assertEquals(0, refused.getStackTrace().length, "a 400 is answered, never logged: its stack would only cost");
        assertEquals(List.of(new FieldViolation("refundAmount", "must not be more than order.paidAmount")),
                refused.violations());
    }
}
