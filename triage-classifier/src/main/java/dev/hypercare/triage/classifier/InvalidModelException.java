package dev.hypercare.triage.classifier;

import java.io.IOException;

/** A model file that is not one, is truncated or altered, or has a format this version cannot read. */
public class InvalidModelException extends IOException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
