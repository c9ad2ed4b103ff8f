package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One KPI value: the value of the compacted {@code hypercare.kpis}, keyed by {@link #key()}, so the
 * topic always holds the latest value of every KPI. Values describe themselves (unit, window and its
 * bounds, computedAt) so a consumer needs no other context. A tombstone (null value) means the key
 * no longer exists (e.g. the last item left a category).
 *
 * @param key         {@code release|kpi|dimension|window}, see {@link #key(String, String, String, String)}
 * @param release     the release the KPI is about
 * @param kpi         KPI name, e.g. {@code volume} or {@code first-response-ms}
 * @param dimension   what it is broken down by, e.g. {@code category=BUG}, {@code all}, {@code item=<id>}
 * @param window      {@code period} for the whole hypercare period, or a window label such as
 *                    {@code hour:2025-03-01T09:00:00Z} or {@code day:2025-03-01}
 * @param value       the value, in {@link #unit()}
 * @param count       how many observations the value is based on
 * @param unit        e.g. {@code count}, {@code ms}, {@code percent}
 * @param computedAt  when this value was computed
 * @param windowStart start of the window (inclusive); null for {@code period}
 * @param windowEnd   end of the window (exclusive); null for {@code period}
 * @param details     optional extra figures (e.g. a CSAT distribution, readiness evidence); null when none
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
        Instant computedAt,
        Instant windowStart,
        Instant windowEnd,
        Map<String, Object> details) {

    public static final String SEPARATOR = "|";
    public static final String WHOLE_PERIOD = "period";

    /**
     * The canonical constructor is the one JSON reads through (the record has two). The details are
     * copied, in their order and with their null values (which {@code Map.copyOf} would refuse): a value
     * in a store or a query answer must not change when its builder's map does.
     */
    @JsonCreator
    public Kpi {
        details = details == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The first shape of the record (no window bounds, no details); kept for existing callers. */
    public Kpi(String key, String release, String kpi, String dimension, String window,
               double value, long count, String unit, Instant computedAt) {
        this(key, release, kpi, dimension, window, value, count, unit, computedAt, null, null, null);
    }

    /** The readable composite key; '|' is not allowed inside the parts, so the key splits back. */
    public static String key(String release, String kpi, String dimension, String window) {
        return String.join(SEPARATOR, release, kpi, dimension, window);
    }

    public static Kpi of(String release, String kpi, String dimension, String window,
                         double value, long count, String unit, Instant computedAt) {
        return new Kpi(key(release, kpi, dimension, window), release, kpi, dimension, window, value, count, unit, computedAt);
    }

    /** This value with its window bounds and extra figures. */
    public Kpi with(Instant windowStart, Instant windowEnd, Map<String, Object> details) {
        return new Kpi(key, release, kpi, dimension, window, value, count, unit, computedAt, windowStart, windowEnd, details);
    }
}
