package dev.hypercare.metrics.kpi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
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
    /** HdrHistogram's V2 compressed-encoding cookie, without its word-size bits (what older builds stored). */
    private static final int COMPRESSED_COOKIE_BASE = 0x1c849304;
    private static final ThreadLocal<ByteBuffer> ENCODE_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));
    /** How many decoded sketches each thread keeps (each ~30 KB: its bucket counts); a hot total's stays in. */
    static final int KEPT_PER_THREAD = 64;
    /**
     * The sketches this thread decoded or encoded last, by their encoding (least recently used out first). A hot KPI
     * total takes a delta every combine interval, and each time its encoding was decoded again into a new ~30 KB
     * histogram (decode was 7 % of the service's samples at 1k lifecycle events/s, docs/metrics.md "Session 7"); an
     * encoding is the sketch's whole content, so a kept sketch equal to it serves instead.
     */
    private static final ThreadLocal<Map<String, LatencySketch>> KEPT = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(KEPT_PER_THREAD * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LatencySketch> eldest) {
                    return size() > KEPT_PER_THREAD;
                }
            });

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
        return fromBytes(Base64.getDecoder().decode(encoded));
    }

    /**
     * The sketch {@code encoded} stands for, to be changed and then {@linkplain #encodeAndKeep() encoded}: taken out of
     * this thread's kept sketches if there, so nobody else holds it while it changes; else decoded.
     */
    public static LatencySketch take(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return empty();
        }
        LatencySketch kept = KEPT.get().remove(encoded);
        return kept != null ? kept : decode(encoded);
    }

    /** The sketch {@code encoded} stands for, to read only (never to change): this thread's kept one if there. */
    public static LatencySketch read(String encoded) {
        LatencySketch kept = encoded == null || encoded.isEmpty() ? null : KEPT.get().get(encoded);
        return kept != null ? kept : decode(encoded);
    }

    /** {@link #encode()}, and keeps this sketch for the next {@link #take} or {@link #read} of that encoding. */
    public String encodeAndKeep() {
        String encoded = encode();
        if (encoded != null) {
            KEPT.get().put(encoded, this);
        }
        return encoded;
    }

    /**
     * Reads {@link #toBytes()}'s form, or the deflate-compressed form an older build wrote (told apart by
     * HdrHistogram's cookie), so totals already in {@code kpi-store} stay readable.
     */
    public static LatencySketch fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if ((buffer.getInt(0) & ~0xf0) == COMPRESSED_COOKIE_BASE) {
                return new LatencySketch(Histogram.decodeFromCompressedByteBuffer(buffer, 1));
            }
            return new LatencySketch(Histogram.decodeFromByteBuffer(buffer, 1));
        } catch (DataFormatException | RuntimeException e) {
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
        byte[] bytes = toBytes();
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * HdrHistogram's own encoding (run-length and variable-length counts), not deflated: a total's
     * histogram is read and written on every update of a hot KPI key, and deflate/inflate (a new native
     * zlib stream each time) was most of that cost (JFR, docs/metrics.md "Performance / KPI freshness");
     * the bytes are a little larger. Null when empty.
     */
    public byte[] toBytes() {
        if (count() == 0) {
            return null;
        }
        // The encoder wants room for every bucket (~30 KB) though the encoding is a few hundred bytes: one buffer per
        // thread, reused, instead of ~30 KB of garbage per update of a hot KPI (JFR allocation samples).
        int needed = histogram.getNeededByteBufferCapacity();
        ByteBuffer buffer = ENCODE_BUFFER.get();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
            ENCODE_BUFFER.set(buffer);
        }
        buffer.clear();
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static long clamp(long value) {
        return Math.min(HIGHEST_MS, Math.max(0L, value));
    }
}
