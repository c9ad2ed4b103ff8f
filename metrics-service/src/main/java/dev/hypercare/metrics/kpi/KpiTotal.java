package dev.hypercare.metrics.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running total of one KPI (sum and count of its items' contributions, plus, for a sketched KPI,
 * the histogram of their values): the value of {@code kpi-store}, keyed by the KPI key. Sum and count
 * rather than the value itself, so a mean can be moved by an item's delta without rounding drift.
 * A total whose count falls to 0 no longer exists (the KPI key gets a tombstone).
 *
 * @param sketch the compressed histogram ({@link LatencySketch}); null when the KPI keeps none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KpiTotal(
        String release,
        KpiName kpi,
        String dimension,
        String window,
        double sum,
        long count,
        String sketch,
        Instant computedAt) {

    /** The initial total, before the first delta names the KPI. */
    public static KpiTotal empty() {
        return new KpiTotal(null, null, null, null, 0.0, 0L, null, null);
    }

    /** The total after a delta; null (the key ceases to exist) when no item is counted any more. */
    public KpiTotal plus(KpiDelta delta) {
        long newCount = count + delta.count();
        if (newCount <= 0) {
            return null;
        }
        String newSketch = sketch;
        if (delta.kpi().sketched() && !(delta.added().isEmpty() && delta.removed().isEmpty())) {
            // Taken and kept per thread: a hot total's next delta finds its histogram decoded (LatencySketch.take).
            newSketch = LatencySketch.take(sketch).update(delta.added(), delta.removed()).encodeAndKeep();
        }
        return new KpiTotal(delta.release(), delta.kpi(), delta.dimension(), delta.window(),
                sum + delta.sum(), newCount, newSketch, delta.computedAt());
    }

    /** The main self-describing record published on {@code hypercare.kpis}. */
    public Kpi toKpi() {
        Map<String, Object> details = null;
        if (kpi == KpiName.CSAT) {
            details = new LinkedHashMap<>();
            details.put("distribution", LatencySketch.read(sketch).distribution(5));
        }
        return Kpi.of(release, kpi.id(), dimension, window, kpi.value(sum, count), count, kpi.unit(), computedAt)
                .with(Windows.start(window), Windows.end(window), details);
    }

    /** Every record this total publishes: the main one, then its percentiles (time KPIs, not per item). */
    public List<Kpi> toKpis() {
        List<Kpi> kpis = new ArrayList<>();
        kpis.add(toKpi());
        if (kpi.percentiles() && !Dimensions.isItem(dimension)) {
            LatencySketch histogram = LatencySketch.read(sketch);
            for (double p : KpiName.PERCENTILES) {
                kpis.add(Kpi.of(release, kpi.percentileId(p), dimension, window, histogram.percentile(p),
                                histogram.count(), kpi.unit(), computedAt)
                        .with(Windows.start(window), Windows.end(window), null));
            }
        }
        return kpis;
    }

    /** The keys a total under {@code key} publishes, for tombstones once it no longer exists. */
    public static List<String> publishedKeys(String key) {
        String[] parts = keyParts(key);
        List<String> keys = new ArrayList<>();
        keys.add(key);
        if (parts.length == 4) {
            KpiName.byId(parts[1]).filter(k -> k.percentiles() && !Dimensions.isItem(parts[2])).ifPresent(k -> {
                for (double p : KpiName.PERCENTILES) {
                    keys.add(Kpi.key(parts[0], k.percentileId(p), parts[2], parts[3]));
                }
            });
        }
        return keys;
    }

    /** The {@code release}, {@code kpi}, {@code dimension} and {@code window} fields of a KPI key (fewer if it has fewer). */
    public static String[] keyParts(String key) {
        return key.split("\\" + Kpi.SEPARATOR, 4);
    }
}
