package dev.hypercare.metrics.kpi;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;

/**
 * A mergeable histogram of item values (HdrHistogram, 2 significant digits, 1 ms to 400 days),
 * kept inside a KPI total as compressed base64. Why HdrHistogram rather than t-digest: an item's
 * value can leave a total (a reopened item's resolution time, a re-triaged item's dimension), and
 * HdrHistogram removes a value exactly, where a t-digest can only add. Percentiles are within 1 %.
 */
public final class LatencySketch {

    private static final long HIGHEST_MS = 400L * 24 * 3600 * 1000;
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Histogram histogram;

    private LatencySketch(Histogram histogram) {
        this.histogram = histogram;
    }

    public static LatencySketch empty() {
        return new LatencySketch(new Histogram(1, HIGHEST_MS, SIGNIFICANT_DIGITS));
    }

    public static LatencySketch decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return empty();
        }
        try {
            return new LatencySketch(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 1));
        } catch (DataFormatException e) {
            throw new IllegalStateException("Unreadable latency sketch", e);
        }
    }

    /** Adds and removes item values; a removal of a value never added is ignored. */
    public LatencySketch update(List<Long> added, List<Long> removed) {
        for (Long value : added) {
            histogram.recordValue(clamp(value));
        }
        for (Long value : removed) {
            long v = clamp(value);
            if (histogram.getCountAtValue(v) > 0) {
                // Subtracting a one-value histogram removes exactly one count from v's bucket.
                Histogram one = new Histogram(1, HIGHEST_MS, SIGNIFICANT_DIGITS);
                one.recordValue(v);
                histogram.subtract(one);
            }
        }
        return this;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at a percentile (0..100); 0 when empty. */
    public long percentile(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /** How many values fall on each of 1..max (a CSAT distribution), as {@code "1" -> n}. */
    public Map<String, Object> distribution(int max) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (int v = 1; v <= max; v++) {
            counts.put(Integer.toString(v), histogram.getCountAtValue(v));
        }
        return counts;
    }

    public String encode() {
        if (count() == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        byte[] bytes = new byte[length];
        buffer.rewind();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static long clamp(long value) {
        return Math.min(HIGHEST_MS, Math.max(0L, value));
    }
}
