package dev.hypercare.model;

/** Signals found in an item that raise its impact or urgency whatever its category. */
public enum Flag {
    OUTAGE,
    SECURITY,
    DATA_LOSS,
    PERFORMANCE,
    ACCESSIBILITY
}
