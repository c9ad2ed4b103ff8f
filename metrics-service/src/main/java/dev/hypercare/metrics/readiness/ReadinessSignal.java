package dev.hypercare.metrics.readiness;

import dev.hypercare.model.Kpi;

/**
 * A change of one KPI exit readiness depends on, repartitioned by release ({@code kpis-by-release}):
 * its key, and its new value or null when the key ceased to exist (e.g. the last open P1 closed).
 */
public record ReadinessSignal(String key, Kpi kpi) {
}
