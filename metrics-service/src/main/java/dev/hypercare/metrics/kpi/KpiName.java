package dev.hypercare.metrics.kpi;

import java.util.Optional;

/**
 * The KPIs this service computes, with the name and unit written to {@code hypercare.kpis}
 * (the contract in docs/conventions.md and docs/metrics.md) and how a total becomes a value.
 * A {@link #sketched()} KPI keeps a histogram of its items' values as well, from which it publishes
 * percentiles ({@code <name>-p50}, {@code -p90}, {@code -p99}) or a distribution.
 */
public enum KpiName {
    VOLUME("volume", "count", Aggregation.COUNT, false),
    OPEN_BACKLOG("open-backlog", "count", Aggregation.COUNT, false),
    TIME_TO_ACKNOWLEDGE_MS("time-to-acknowledge-ms", "ms", Aggregation.MEAN, true),
    FIRST_RESPONSE_MS("first-response-ms", "ms", Aggregation.MEAN, true),
    RESOLUTION_MS("resolution-ms", "ms", Aggregation.MEAN, true),
    REOPEN_COUNT("reopen-count", "count", Aggregation.SUM, false),
    CSAT("csat", "score 1-5", Aggregation.MEAN, true),
    SLA_ATTAINMENT("sla-attainment", "percent", Aggregation.MEAN, false),
    SLA_BREACHES("sla-breaches", "count", Aggregation.SUM, false);

    /** The percentiles published for the time KPIs, as (suffix, percentile). */
    public static final double[] PERCENTILES = {50.0, 90.0, 99.0};

    /** How a KPI's value follows from its running sum and count. */
    public enum Aggregation {
        /** The value is the number of items counted. */
        COUNT,
        /** The value is the mean of the items measured (0 when none is). */
        MEAN,
        /** The value is the sum of the items' contributions (e.g. reopens, breaches). */
        SUM
    }

    private final String id;
    private final String unit;
    private final Aggregation aggregation;
    private final boolean sketched;

    KpiName(String id, String unit, Aggregation aggregation, boolean sketched) {
        this.id = id;
        this.unit = unit;
        this.aggregation = aggregation;
        this.sketched = sketched;
    }

    /** The name in {@code Kpi.kpi} and in the key. */
    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** Whether totals keep a histogram of the items' values (percentiles, distribution). */
    public boolean sketched() {
        return sketched;
    }

    /** Whether the histogram is published as percentiles (times) rather than a distribution (CSAT). */
    public boolean percentiles() {
        return sketched && this != CSAT;
    }

    public double value(double sum, long count) {
        return switch (aggregation) {
            case COUNT -> count;
            case MEAN -> count == 0 ? 0.0 : sum / count;
            case SUM -> sum;
        };
    }

    /** The name of a percentile KPI derived from this one, e.g. {@code first-response-ms-p90}. */
    public String percentileId(double percentile) {
        return id + "-p" + (int) percentile;
    }

    private static final java.util.Map<String, KpiName> BY_ID = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(KpiName::id, k -> k));

    public static Optional<KpiName> byId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }
}
