package dev.hypercare.metrics.spikes;

import dev.hypercare.model.Kpi;
import dev.hypercare.model.TriagedFeedback;

/** What the spike detector emits: a KPI record for {@code hypercare.kpis} or an alert for the P1 topic. */
public record SpikeOutput(Kpi kpi, TriagedFeedback alert) {
}
