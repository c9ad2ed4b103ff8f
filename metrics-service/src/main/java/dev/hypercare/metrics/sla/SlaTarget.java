package dev.hypercare.metrics.sla;

import java.time.Duration;

/**
 * The targets of one priority: first response and resolution, measured from the ingest receive time.
 * A null target means "no SLA" for that measure.
 */
public record SlaTarget(Duration firstResponse, Duration resolution) {
}
