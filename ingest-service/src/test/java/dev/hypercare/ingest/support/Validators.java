package dev.hypercare.ingest.support;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** The Bean Validation the service runs, outside Quarkus, for the unit tests of the constraints. */
public final class Validators {

    private Validators() {
    }

    /** Hibernate Validator with the message interpolation that needs no expression-language implementation. */
    public static Validator plain() {
        return Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
    }
}
