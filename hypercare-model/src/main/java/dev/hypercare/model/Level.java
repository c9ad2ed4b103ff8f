package dev.hypercare.model;

/** A three-step scale, used for both impact and urgency. */
public enum Level {
    HIGH,
    MEDIUM,
    LOW
}
