package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.streams.BinaryFields.readInstant;
import static dev.hypercare.metrics.streams.BinaryFields.readLongs;
import static dev.hypercare.metrics.streams.BinaryFields.readString;
import static dev.hypercare.metrics.streams.BinaryFields.writeInstant;
import static dev.hypercare.metrics.streams.BinaryFields.writeLongs;
import static dev.hypercare.metrics.streams.BinaryFields.writeString;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.metrics.streams.BinaryFields;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link KpiDelta} for the combine buffer ({@code kpi-delta-buffer}). Why not JSON
 * like every other value: the buffer is read and written once per KPI key an event moves (10-30 per event),
 * through the record cache, which stores serialized bytes, so every {@code get} and {@code put} is a full
 * (de)serialization. With Jackson that was about a third of the metrics-service's CPU at 1k lifecycle
 * events/s (JFR, docs/benchmarks.md "KPI freshness"); this form costs a small fraction of it.
 *
 * <p>Format, version 1: a {@code 0x01} byte, then release, kpi id, dimension, window (UTF, each preceded by a
 * presence byte), sum (double), count (long), the added and removed values (int length, longs), computedAt
 * (presence byte, epoch seconds, nanos). A value starting with {@code '{'} is the JSON a build before this
 * one wrote to the changelog, and is read as such, so an upgrade restores the buffer it left.
 */
public final class KpiDeltaSerde implements Serde<KpiDelta> {

    static final byte VERSION = 1;
    private static final String WHAT = "KPI delta";
    private static final JsonSerde<KpiDelta> JSON = new JsonSerde<>(KpiDelta.class);

    @Override
    public Serializer<KpiDelta> serializer() {
        return (topic, delta) -> delta == null ? null : toBytes(delta);
    }

    @Override
    public Deserializer<KpiDelta> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(KpiDelta delta) {
        return BinaryFields.encode(96 + 8 * (delta.added().size() + delta.removed().size()), out -> write(out, delta));
    }

    /** Writes the version-1 form (version byte included) to {@code out}: the unit {@link KpiDeltasSerde} repeats. */
    static void write(DataOutputStream out, KpiDelta delta) throws IOException {
        out.writeByte(VERSION);
        writeString(out, delta.release());
        writeString(out, delta.kpi() == null ? null : delta.kpi().id());
        writeString(out, delta.dimension());
        writeString(out, delta.window());
        out.writeDouble(delta.sum());
        out.writeLong(delta.count());
        writeLongs(out, delta.added());
        writeLongs(out, delta.removed());
        writeInstant(out, delta.computedAt());
    }

    static KpiDelta fromBytes(byte[] bytes) {
        return BinaryFields.decode(bytes, JSON, VERSION, WHAT, KpiDeltaSerde::readFields);
    }

    /** Reads what {@link #write} wrote. */
    static KpiDelta read(DataInputStream in) throws IOException {
        BinaryFields.readVersion(in, VERSION, WHAT);
        return readFields(in);
    }

    private static KpiDelta readFields(DataInputStream in) throws IOException {
        String release = readString(in);
        String kpi = readString(in);
        String dimension = readString(in);
        String window = readString(in);
        double sum = in.readDouble();
        long count = in.readLong();
        List<Long> added = readLongs(in);
        List<Long> removed = readLongs(in);
        Instant computedAt = readInstant(in);
        return new KpiDelta(release, kpi == null ? null : KpiName.byId(kpi).orElseThrow(), dimension, window, sum, count,
                added, removed, computedAt);
    }
}
