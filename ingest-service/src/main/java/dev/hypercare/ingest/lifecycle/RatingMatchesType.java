package dev.hypercare.ingest.lifecycle;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A lifecycle event carries a CSAT rating of 1..5 if and only if it is {@code RATED}. The violation
 * is reported on the {@code rating} field, so the problem answer names it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = RatingMatchesTypeValidator.class)
public @interface RatingMatchesType {

    String message() default "must be 1..5 for RATED and absent otherwise";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
