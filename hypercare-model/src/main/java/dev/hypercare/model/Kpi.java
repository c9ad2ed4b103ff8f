package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One KPI value: the value of the compacted {@code hypercare.kpis}, keyed by {@link #key()}, so the
 * topic always holds the latest value of every KPI. Values describe themselves (unit, window,
 * computedAt) so a consumer needs no other context.
 *
 * @param key        {@code release|kpi|dimension|window}, see {@link #key(String, String, String, String)}
 * @param release    the release the KPI is about
 * @param kpi        KPI name, e.g. {@code volume} or {@code first-response-ms}
 * @param dimension  what it is broken down by, e.g. {@code category=BUG}, {@code all}, {@code item=<id>}
 * @param window     {@code period} for the whole hypercare period, or a window label
 * @param value      the value, in {@link #unit()}
 * @param count      how many observations the value is based on
 * @param unit       e.g. {@code count}, {@code ms}
 * @param computedAt when this value was computed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Kpi(
        String key,
        String release,
        String kpi,
        String dimension,
        String window,
        double value,
        long count,
        String unit,
        Instant computedAt) {

    public static final String SEPARATOR = "|";
    public static final String WHOLE_PERIOD = "period";

    /** The readable composite key; '|' is not allowed inside the parts, so the key splits back. */
    public static String key(String release, String kpi, String dimension, String window) {
        return String.join(SEPARATOR, release, kpi, dimension, window);
    }

    public static Kpi of(String release, String kpi, String dimension, String window,
                         double value, long count, String unit, Instant computedAt) {
        return new Kpi(key(release, kpi, dimension, window), release, kpi, dimension, window, value, count, unit, computedAt);
    }
}
