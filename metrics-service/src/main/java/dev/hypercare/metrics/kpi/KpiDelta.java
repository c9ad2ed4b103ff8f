package dev.hypercare.metrics.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A change to one KPI's running total caused by one item: added to the sum and to the count, and,
 * for a sketched KPI, values added to and removed from its histogram. Negative when an item leaves
 * a dimension (e.g. re-triaged to another category). The value of the {@code kpi-deltas-by-key}
 * repartition topic, keyed by the KPI key.
 *
 * @param added      values entering the KPI's histogram (sketched KPIs only)
 * @param removed    values leaving it
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
        List<Long> added,
        List<Long> removed,
        Instant computedAt) {

    public KpiDelta {
        added = added == null ? List.of() : List.copyOf(added);
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    /** The {@code release|kpi|dimension|window} key of the KPI this delta changes. */
    public String key() {
        return Kpi.key(release, kpi.id(), dimension, window);
    }

    public boolean isZero() {
        return sum == 0.0 && count == 0L && added.isEmpty() && removed.isEmpty();
    }

    /** The delta that turns {@code other}'s contribution into this one's. */
    KpiDelta minus(KpiDelta other) {
        List<Long> in = new ArrayList<>(added);
        List<Long> out = new ArrayList<>(other.added);
        // Values on both sides cancel out: an unchanged measurement moves no histogram.
        for (Long value : other.added) {
            if (in.remove(value)) {
                out.remove(value);
            }
        }
        return new KpiDelta(release, kpi, dimension, window, sum - other.sum, count - other.count, in, out, computedAt);
    }

    /** Both deltas in one: sums and counts add, a value added by one and removed by the other cancels out. */
    public KpiDelta plus(KpiDelta other) {
        List<Long> in = new ArrayList<>(added);
        in.addAll(other.added);
        List<Long> out = new ArrayList<>(removed);
        out.addAll(other.removed);
        for (Long value : List.copyOf(out)) {
            if (in.remove(value)) {
                out.remove(value);
            }
        }
        Instant at = computedAt == null ? other.computedAt
                : other.computedAt == null || computedAt.isAfter(other.computedAt) ? computedAt : other.computedAt;
        return new KpiDelta(release, kpi, dimension, window, sum + other.sum, count + other.count, in, out, at);
    }

    KpiDelta negate() {
        return new KpiDelta(release, kpi, dimension, window, -sum, -count, removed, added, computedAt);
    }

    KpiDelta at(Instant when) {
        return new KpiDelta(release, kpi, dimension, window, sum, count, added, removed, when);
    }
}
