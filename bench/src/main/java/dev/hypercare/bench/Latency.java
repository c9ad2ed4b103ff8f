package dev.hypercare.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram, in milliseconds. Histograms record microseconds
 * (1 µs to 10 min, 3 significant digits), so sub-millisecond answers are not rounded to zero.
 */
public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    public static final long MAX_MICROS = 600_000_000L;

    public static Histogram newHistogram() {
        return new Histogram(1, MAX_MICROS, 3);
    }

    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(90) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }

    /** Records a latency given in microseconds, clamped into the histogram's range. */
    public static void record(Histogram micros, long value) {
        micros.recordValue(Math.max(1, Math.min(MAX_MICROS, value)));
    }

    /**
     * Records {@code count} items that had not completed when the measurement ended, each at
     * {@code atLeastMicros}: how long it had waited by then, a lower bound of its latency. Left out, they
     * would make the percentiles those of the survivors: the slowest items are the ones that never arrive.
     */
    public static void recordAtLeast(Histogram micros, long atLeastMicros, long count) {
        if (count > 0) {
            micros.recordValueWithCount(Math.max(1, Math.min(MAX_MICROS, atLeastMicros)), count);
        }
    }

    /** Hands the figures to {@code bench/run} under {@code prefix}. */
    public void put(String prefix) {
        Results.put(prefix + ".count", count);
        Results.put(prefix + ".p50.ms", p50Ms);
        Results.put(prefix + ".p90.ms", p90Ms);
        Results.put(prefix + ".p99.ms", p99Ms);
        Results.put(prefix + ".p999.ms", p999Ms);
        Results.put(prefix + ".max.ms", maxMs);
    }
}
