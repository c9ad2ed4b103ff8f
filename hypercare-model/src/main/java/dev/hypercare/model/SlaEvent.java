package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * A warning before, or an alert at, an SLA breach: the value of {@code hypercare.sla.breaches},
 * keyed by feedback id.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlaEvent(
        int schemaVersion,
        String feedbackId,
        String release,
        Priority priority,
        Target target,
        Kind kind,
        Duration targetDuration,
        Instant dueAt,
        Instant raisedAt) {

    public static final int SCHEMA_VERSION = 1;

    public enum Target { FIRST_RESPONSE, RESOLUTION }

    public enum Kind { WARNING, BREACH }
}
