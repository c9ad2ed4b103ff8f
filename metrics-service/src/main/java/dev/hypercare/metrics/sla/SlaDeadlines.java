package dev.hypercare.metrics.sla;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.SlaEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * One item's SLA clock readings, fixed when it is triaged (and again if it is re-triaged to another
 * priority): for each target its duration, when the warning is due and when the breach is due.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlaDeadlines(
        Duration firstResponseTarget,
        Instant firstResponseWarnAt,
        Instant firstResponseDueAt,
        Duration resolutionTarget,
        Instant resolutionWarnAt,
        Instant resolutionDueAt) {

    public Duration target(SlaEvent.Target target) {
        return target == SlaEvent.Target.FIRST_RESPONSE ? firstResponseTarget : resolutionTarget;
    }

    /** When an event of this kind is due for this target; null when the target has no SLA. */
    public Instant threshold(SlaEvent.Target target, SlaEvent.Kind kind) {
        if (target == SlaEvent.Target.FIRST_RESPONSE) {
            return kind == SlaEvent.Kind.WARNING ? firstResponseWarnAt : firstResponseDueAt;
        }
        return kind == SlaEvent.Kind.WARNING ? resolutionWarnAt : resolutionDueAt;
    }

    public Instant dueAt(SlaEvent.Target target) {
        return threshold(target, SlaEvent.Kind.BREACH);
    }
}
