package dev.hypercare.metrics.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Kpi;
import java.time.Instant;

/**
 * A change to one KPI's running total caused by one item: added to the sum and to the count.
 * Negative when an item leaves a dimension (e.g. re-triaged to another category). The value of the
 * {@code kpi-deltas-by-key} repartition topic, keyed by the KPI key.
 *
 * @param computedAt when the change was computed; becomes the KPI's {@code computedAt}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KpiDelta(
        String release,
        KpiName kpi,
        String dimension,
        String window,
        double sum,
        long count,
        Instant computedAt) {

    /** The {@code release|kpi|dimension|window} key of the KPI this delta changes. */
    public String key() {
        return Kpi.key(release, kpi.id(), dimension, window);
    }

    public boolean isZero() {
        return sum == 0.0 && count == 0L;
    }

    KpiDelta minus(KpiDelta other) {
        return new KpiDelta(release, kpi, dimension, window, sum - other.sum, count - other.count, computedAt);
    }

    KpiDelta negate() {
        return new KpiDelta(release, kpi, dimension, window, -sum, -count, computedAt);
    }

    KpiDelta at(Instant when) {
        return new KpiDelta(release, kpi, dimension, window, sum, count, when);
    }
}
