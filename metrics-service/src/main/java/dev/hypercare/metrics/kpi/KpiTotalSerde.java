package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.streams.BinaryFields.readInstant;
import static dev.hypercare.metrics.streams.BinaryFields.readString;
import static dev.hypercare.metrics.streams.BinaryFields.writeInstant;
import static dev.hypercare.metrics.streams.BinaryFields.writeString;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.metrics.streams.BinaryFields;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link KpiTotal} for {@code kpi-store}. Why not JSON: a total is read and written
 * on every delta that reaches it, and read again when its KPI records are published; as JSON its histogram
 * travelled as base64 text inside the document (docs/metrics.md, "Performance / KPI freshness").
 *
 * <p>Format, version 1: a {@code 0x01} byte, then release, kpi id, dimension, window (UTF, each preceded by a
 * presence byte), sum (double), count (long), the histogram's bytes (int length, -1 for none; HdrHistogram's
 * encoding, {@link LatencySketch#fromBytes}), computedAt (presence byte, epoch seconds, nanos). A value
 * starting with {@code '{'} is the JSON a build before this one wrote to the changelog, and is read as such,
 * so an upgrade restores the totals it left.
 */
public final class KpiTotalSerde implements Serde<KpiTotal> {

    private static final byte VERSION = 1;
    private static final JsonSerde<KpiTotal> JSON = new JsonSerde<>(KpiTotal.class);

    @Override
    public Serializer<KpiTotal> serializer() {
        return (topic, total) -> total == null ? null : toBytes(total);
    }

    @Override
    public Deserializer<KpiTotal> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(KpiTotal total) {
        byte[] sketch = total.sketch() == null ? null : Base64.getDecoder().decode(total.sketch());
        return BinaryFields.encode(96 + (sketch == null ? 0 : sketch.length), out -> {
            out.writeByte(VERSION);
            writeString(out, total.release());
            writeString(out, total.kpi() == null ? null : total.kpi().id());
            writeString(out, total.dimension());
            writeString(out, total.window());
            out.writeDouble(total.sum());
            out.writeLong(total.count());
            out.writeInt(sketch == null ? -1 : sketch.length);
            if (sketch != null) {
                out.write(sketch);
            }
            writeInstant(out, total.computedAt());
        });
    }

    static KpiTotal fromBytes(byte[] bytes) {
        return BinaryFields.decode(bytes, JSON, VERSION, "KPI total", in -> {
            String release = readString(in);
            String kpi = readString(in);
            String dimension = readString(in);
            String window = readString(in);
            double sum = in.readDouble();
            long count = in.readLong();
            int length = in.readInt();
            String sketch = null;
            if (length >= 0) {
                byte[] raw = new byte[length];
                in.readFully(raw);
                sketch = Base64.getEncoder().encodeToString(raw);
            }
            Instant computedAt = readInstant(in);
            return new KpiTotal(release, kpi == null ? null : KpiName.byId(kpi).orElseThrow(), dimension, window, sum,
                    count, sketch, computedAt);
        });
    }
}
