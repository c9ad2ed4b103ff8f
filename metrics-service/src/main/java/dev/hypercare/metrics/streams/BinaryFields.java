package dev.hypercare.metrics.streams;

import dev.hypercare.kafka.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one binary field encoding of the metrics-service's hot stores ({@code ItemStateSerde}, {@code KpiTotalSerde},
 * {@code KpiDeltaSerde}): a version byte first, then the fields through {@link DataOutputStream}; a nullable field
 * is a presence byte and then its value (strings as modified UTF-8, instants and durations as seconds + nanos). A
 * value whose first byte is {@code '{'} is the JSON that builds before the binary forms wrote to the changelogs,
 * read with the type's {@link JsonSerde}, so an upgrade restores what they left.
 */
public final class BinaryFields {

    /** Writes the fields of one value. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads the fields of one value, after its version byte. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private BinaryFields() {
    }

    /** The bytes {@code fields} writes (its version byte first), into a buffer first sized {@code sizeHint}. */
    public static byte[] encode(int sizeHint, Writer fields) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Reads {@code bytes}: JSON of an earlier build through {@code legacyJson}, else a {@code version} byte and the fields. */
    public static <T> T decode(byte[] bytes, JsonSerde<T> legacyJson, byte version, String what, Reader<T> fields) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return legacyJson.fromBytes(bytes);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            readVersion(in, version, what);
            return fields.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the version byte and refuses any other than {@code version}. */
    public static void readVersion(DataInputStream in, byte version, String what) throws IOException {
        byte found = in.readByte();
        if (found != version) {
            throw new IllegalStateException("Unknown " + what + " format version " + found);
        }
    }

    public static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    public static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    public static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    public static void writeDuration(DataOutputStream out, Duration value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getSeconds());
            out.writeInt(value.getNano());
        }
    }

    public static Duration readDuration(DataInputStream in) throws IOException {
        return in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
    }

    /** A list of non-null strings: an int length, then each as modified UTF-8. */
    public static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    public static List<String> readStrings(DataInputStream in) throws IOException {
        int size = in.readInt();
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readUTF());
        }
        return values;
    }

    /** A list of longs: an int length, then each. */
    public static void writeLongs(DataOutputStream out, List<Long> values) throws IOException {
        out.writeInt(values.size());
        for (Long value : values) {
            out.writeLong(value);
        }
    }

    public static List<Long> readLongs(DataInputStream in) throws IOException {
        int size = in.readInt();
        List<Long> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readLong());
        }
        return values;
    }
}
