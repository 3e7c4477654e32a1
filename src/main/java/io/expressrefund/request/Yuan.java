package io.expressrefund.request;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;

/** An amount of yuan on a refund: exact, at most two decimals (fen), from 0.01 to 10,000,000.00. */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@DecimalMin("0.01")
@DecimalMax("10000000.00")
@Digits(integer = 8, fraction = 2)
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface Yuan {
    String message() default "must be an amount of yuan from 0.01 to 10000000.00 with at most two decimals";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
