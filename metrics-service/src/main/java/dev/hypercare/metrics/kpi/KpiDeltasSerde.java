package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.streams.BinaryFields.readInstant;
import static dev.hypercare.metrics.streams.BinaryFields.readLongs;
import static dev.hypercare.metrics.streams.BinaryFields.writeInstant;
import static dev.hypercare.metrics.streams.BinaryFields.writeLongs;

import dev.hypercare.metrics.streams.BinaryFields;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of {@code kpi-delta-buffer}: the KPI deltas one item change caused, in one record
 * ({@link KpiDeltaCombiner} says why one record per change rather than one per KPI key).
 *
 * <p>Format, version 3 (read by this build, written by {@link #toBytes}, not yet by the serializer: see there): a
 * {@code 0x03} byte; a table of the distinct strings of the deltas (release, kpi ids,
 * dimensions, windows: an unsigned short count, then each as UTF); the number of deltas (int); then per delta the
 * table positions (unsigned short, 0xffff for null) of its release, kpi id, dimension and window, sum (double),
 * count (long), the added and removed values (int length, longs), computedAt (presence byte, epoch seconds, nanos).
 * Why a table: the ~25 deltas of one change share one release and a handful of dimensions and windows, which
 * version 2 wrote out again for every delta (serializing the record was 6 % of the service's CPU at 1k lifecycle
 * events/s, JFR, docs/metrics.md "Session 7"); the record, and its changelog, is about two thirds of the size.
 *
 * <p>Read as well, so an upgrade flushes what an earlier build left buffered: version 2 (a {@code 0x02} byte, the
 * number of deltas, then each in {@link KpiDeltaSerde}'s version-1 form); a value in that version-1 form itself
 * (or JSON, starting with {@code '{'}) is one delta, as a build before that kept it under its KPI key, and is read
 * as a list of one.
 */
public final class KpiDeltasSerde implements Serde<List<KpiDelta>> {

    private static final byte VERSION = 3;
    private static final byte VERSION_2 = 2;
    private static final int NULL = 0xffff;

    @Override
    public Serializer<List<KpiDelta>> serializer() {
        // Still version 2: during a rolling update (or a rollback) a task may move to a replica of the build before
        // this one, which reads version 2 but not 3, with the deltas of the last combine interval in its buffer. This
        // build reads both; the next one can write version 3 (toBytes) once every replica reads it.
        return (topic, deltas) -> deltas == null ? null : toBytesVersion2(deltas);
    }

    @Override
    public Deserializer<List<KpiDelta>> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(List<KpiDelta> deltas) {
        Map<String, Integer> table = new HashMap<>();
        List<String> strings = new ArrayList<>();
        int[] positions = new int[4 * deltas.size()];
        int i = 0;
        for (KpiDelta delta : deltas) {
            positions[i++] = position(delta.release(), table, strings);
            positions[i++] = position(delta.kpi() == null ? null : delta.kpi().id(), table, strings);
            positions[i++] = position(delta.dimension(), table, strings);
            positions[i++] = position(delta.window(), table, strings);
        }
        if (strings.size() >= NULL) {
            throw new IllegalArgumentException("Too many distinct strings for one buffer record: " + strings.size());
        }
        return BinaryFields.encode(16 + 24 * strings.size() + 48 * deltas.size(), out -> {
            out.writeByte(VERSION);
            out.writeShort(strings.size());
            for (String string : strings) {
                out.writeUTF(string);
            }
            out.writeInt(deltas.size());
            int p = 0;
            for (KpiDelta delta : deltas) {
                for (int field = 0; field < 4; field++) {
                    out.writeShort(positions[p++]);
                }
                out.writeDouble(delta.sum());
                out.writeLong(delta.count());
                writeLongs(out, delta.added());
                writeLongs(out, delta.removed());
                writeInstant(out, delta.computedAt());
            }
        });
    }

    private static int position(String value, Map<String, Integer> table, List<String> strings) {
        if (value == null) {
            return NULL;
        }
        Integer known = table.get(value);
        if (known != null) {
            return known;
        }
        table.put(value, strings.size());
        strings.add(value);
        return strings.size() - 1;
    }

    /** Version 2, what the builds up to this one write (see {@link #serializer}). */
    static byte[] toBytesVersion2(List<KpiDelta> deltas) {
        return BinaryFields.encode(16 + 80 * deltas.size(), out -> {
            out.writeByte(VERSION_2);
            out.writeInt(deltas.size());
            for (KpiDelta delta : deltas) {
                KpiDeltaSerde.write(out, delta);
            }
        });
    }

    static List<KpiDelta> fromBytes(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != VERSION && bytes[0] != VERSION_2)) {
            return List.of(KpiDeltaSerde.fromBytes(bytes));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version == VERSION_2) {
                int size = in.readInt();
                List<KpiDelta> deltas = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    deltas.add(KpiDeltaSerde.read(in));
                }
                return deltas;
            }
            String[] strings = new String[in.readUnsignedShort()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = in.readUTF();
            }
            KpiName[] kpis = new KpiName[strings.length];
            int size = in.readInt();
            List<KpiDelta> deltas = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String release = string(strings, in.readUnsignedShort());
                int kpi = in.readUnsignedShort();
                String dimension = string(strings, in.readUnsignedShort());
                String window = string(strings, in.readUnsignedShort());
                double sum = in.readDouble();
                long count = in.readLong();
                List<Long> added = readLongs(in);
                List<Long> removed = readLongs(in);
                Instant computedAt = readInstant(in);
                KpiName name = null;
                if (kpi != NULL) {
                    if (kpis[kpi] == null) {
                        kpis[kpi] = KpiName.byId(strings[kpi]).orElseThrow();
                    }
                    name = kpis[kpi];
                }
                deltas.add(new KpiDelta(release, name, dimension, window, sum, count, added, removed, computedAt));
            }
            return deltas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String string(String[] strings, int position) {
        return position == NULL ? null : strings[position];
    }
}
