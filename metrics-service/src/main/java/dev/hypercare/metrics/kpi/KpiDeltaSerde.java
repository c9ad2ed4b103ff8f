package dev.hypercare.metrics.kpi;

import dev.hypercare.kafka.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
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
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(96 + 8 * (delta.added().size() + delta.removed().size()));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            write(out, delta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
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
        out.writeBoolean(delta.computedAt() != null);
        if (delta.computedAt() != null) {
            out.writeLong(delta.computedAt().getEpochSecond());
            out.writeInt(delta.computedAt().getNano());
        }
    }

    static KpiDelta fromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return JSON.deserializer().deserialize(null, bytes);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #write} wrote. */
    static KpiDelta read(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("Unknown KPI delta format version " + version);
        }
        String release = readString(in);
        String kpi = readString(in);
        String dimension = readString(in);
        String window = readString(in);
        double sum = in.readDouble();
        long count = in.readLong();
        List<Long> added = readLongs(in);
        List<Long> removed = readLongs(in);
        Instant computedAt = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        return new KpiDelta(release, kpi == null ? null : KpiName.byId(kpi).orElseThrow(), dimension, window, sum, count,
                added, removed, computedAt);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeLongs(DataOutputStream out, List<Long> values) throws IOException {
        out.writeInt(values.size());
        for (Long value : values) {
            out.writeLong(value);
        }
    }

    private static List<Long> readLongs(DataInputStream in) throws IOException {
        int size = in.readInt();
        List<Long> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readLong());
        }
        return values;
    }
}
