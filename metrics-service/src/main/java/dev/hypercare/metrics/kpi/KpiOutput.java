package dev.hypercare.metrics.kpi;

import dev.hypercare.model.Kpi;

/**
 * What {@link KpiDeltaCombiner} passes on, keyed by KPI key: either a delta for the key's running total
 * (across the {@code kpi-deltas-by-key} repartition to {@code kpi-store}), or a per-item KPI record published
 * as it is on {@code hypercare.kpis} ({@code kpi} null: a tombstone). One output type, split in the topology,
 * because the two are decided together from one item change.
 */
public record KpiOutput(KpiDelta delta, Kpi kpi, boolean published) {

    /** A delta for the key's total. */
    public static KpiOutput toTotal(KpiDelta delta) {
        return new KpiOutput(delta, null, false);
    }

    /** A per-item KPI record as it goes on the topic; null for a tombstone. */
    public static KpiOutput publish(Kpi kpi) {
        return new KpiOutput(null, kpi, true);
    }
}
