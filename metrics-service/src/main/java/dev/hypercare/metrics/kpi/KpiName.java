package dev.hypercare.metrics.kpi;

/**
 * The KPIs this service computes, with the name and unit written to {@code hypercare.kpis}
 * (the contract in docs/conventions.md) and how a total becomes a value.
 */
public enum KpiName {
    VOLUME("volume", "count", Aggregation.COUNT),
    FIRST_RESPONSE_MS("first-response-ms", "ms", Aggregation.MEAN),
    TIME_TO_ACKNOWLEDGE_MS("time-to-acknowledge-ms", "ms", Aggregation.MEAN);

    /** How a KPI's value follows from its running sum and count. */
    public enum Aggregation {
        /** The value is the number of items counted. */
        COUNT,
        /** The value is the mean of the items measured (0 when none is). */
        MEAN
    }

    private final String id;
    private final String unit;
    private final Aggregation aggregation;

    KpiName(String id, String unit, Aggregation aggregation) {
        this.id = id;
        this.unit = unit;
        this.aggregation = aggregation;
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

    public double value(double sum, long count) {
        return switch (aggregation) {
            case COUNT -> count;
            case MEAN -> count == 0 ? 0.0 : sum / count;
        };
    }
}
