package dev.hypercare.metrics.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Kpi;
import java.time.Instant;

/**
 * The running total of one KPI (sum and count of its items' contributions): the value of
 * {@code kpi-store}, keyed by the KPI key. Sum and count rather than the value itself, so a mean
 * can be moved by an item's delta without rounding drift.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KpiTotal(
        String release,
        KpiName kpi,
        String dimension,
        String window,
        double sum,
        long count,
        Instant computedAt) {

    /** The initial total, before the first delta names the KPI. */
    public static KpiTotal empty() {
        return new KpiTotal(null, null, null, null, 0.0, 0L, null);
    }

    public KpiTotal plus(KpiDelta delta) {
        return new KpiTotal(delta.release(), delta.kpi(), delta.dimension(), delta.window(),
                sum + delta.sum(), count + delta.count(), delta.computedAt());
    }

    /** The self-describing record published on {@code hypercare.kpis}. */
    public Kpi toKpi() {
        return Kpi.of(release, kpi.id(), dimension, window, kpi.value(sum, count), count, kpi.unit(), computedAt);
    }
}
