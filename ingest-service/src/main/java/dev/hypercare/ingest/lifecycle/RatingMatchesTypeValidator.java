package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleType;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link RatingMatchesType}: RATED needs a rating of 1..5 (CSAT), any other type must not
 * carry one (a rating on, say, RESOLVED would be counted nowhere and hide a client bug).
 */
public class RatingMatchesTypeValidator implements ConstraintValidator<RatingMatchesType, LifecycleEventSubmission> {

    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 5;

    @Override
    public boolean isValid(LifecycleEventSubmission event, ConstraintValidatorContext context) {
        if (event == null || event.type() == null) {
            return true; // @NotNull on the body and on type report those
        }
        String message = messageFor(event.type(), event.rating());
        if (message == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message).addPropertyNode("rating").addConstraintViolation();
        return false;
    }

    /** The rule itself, or null when the rating fits the type. */
    static String messageFor(LifecycleType type, Integer rating) {
        if (type == LifecycleType.RATED) {
            if (rating == null) {
                return "is required for RATED";
            }
            if (rating < MIN_RATING || rating > MAX_RATING) {
                return "must be between " + MIN_RATING + " and " + MAX_RATING;
            }
            return null;
        }
        return rating == null ? null : "is only allowed for RATED";
    }
}
