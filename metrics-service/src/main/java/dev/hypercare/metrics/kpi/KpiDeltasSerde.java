package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.streams.BinaryFields;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of {@code kpi-delta-buffer}: the KPI deltas one item change caused, in one record
 * ({@link KpiDeltaCombiner} says why one record per change rather than one per KPI key).
 *
 * <p>Format, version 2: a {@code 0x02} byte, the number of deltas (int), then each delta in {@link KpiDeltaSerde}'s
 * version-1 form. A value in that version-1 form itself (or JSON, starting with {@code '{'}) is one delta, as a
 * build before this one kept it in the buffer under its KPI key, and is read as a list of one, so an upgrade
 * flushes what it left buffered.
 */
public final class KpiDeltasSerde implements Serde<List<KpiDelta>> {

    private static final byte VERSION = 2;

    @Override
    public Serializer<List<KpiDelta>> serializer() {
        return (topic, deltas) -> deltas == null ? null : toBytes(deltas);
    }

    @Override
    public Deserializer<List<KpiDelta>> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(List<KpiDelta> deltas) {
        return BinaryFields.encode(16 + 80 * deltas.size(), out -> {
            out.writeByte(VERSION);
            out.writeInt(deltas.size());
            for (KpiDelta delta : deltas) {
                KpiDeltaSerde.write(out, delta);
            }
        });
    }

    static List<KpiDelta> fromBytes(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            return List.of(KpiDeltaSerde.fromBytes(bytes));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
            int size = in.readInt();
            List<KpiDelta> deltas = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                deltas.add(KpiDeltaSerde.read(in));
            }
            return deltas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
