package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleEvent;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Instant;

/** Checks {@link PlausibleTime} with the model's rule, {@link LifecycleEvent#plausible}, against this service's clock. */
public class PlausibleTimeValidator implements ConstraintValidator<PlausibleTime, Instant> {

    @Override
    public boolean isValid(Instant value, ConstraintValidatorContext context) {
        return value == null || LifecycleEvent.plausible(value, Instant.now());
    }
}
