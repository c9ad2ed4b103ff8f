package dev.hypercare.ingest.lifecycle;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A caller's time for a lifecycle event that can be real: not before 2000 (no hypercare item is older; 0001-01-01 is
 * a client's default value) and at most a few minutes after the ingest-service's clock (skew, not the future). Such a
 * time once overflowed the metrics-service's millisecond arithmetic and stopped it.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlausibleTimeValidator.class)
public @interface PlausibleTime {

    String message() default "must be a time from 2000-01-01T00:00:00Z to 5 minutes after the service's clock";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
