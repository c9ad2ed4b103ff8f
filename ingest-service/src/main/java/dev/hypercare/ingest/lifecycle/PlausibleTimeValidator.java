package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleEvent;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Instant;

/** Checks {@link PlausibleTime} with the model's rule, {@link LifecycleEvent#plausible}, against this service's clock. */
public class PlausibleTimeValidator implements ConstraintValidator<PlausibleTime, Instant> {

    @Override
    public boolean isValid(Instant value, ConstraintValidatorContext context) {
        // A second stricter than the readers' rule (LifecycleEvent.effectiveAt, against the receive time set a moment
        // later): what the ingest-service accepts, they take as given.
        return value == null || LifecycleEvent.plausible(value, Instant.now().minusSeconds(1));
    }
}
