package dev.hypercare.triage.grouping;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@code issue-groups-store}'s value format: {@link IssueState} in a compact binary form, written on every report
 * that joins a group (store and changelog).
 *
 * <p>Why not JSON: a group carries a 40-term centroid, and writing it as JSON per report was most of grouping's cost
 * in the service's profile. The binary form keeps every value exactly (doubles as their bits, instants to the
 * nanosecond) and the centroid's order, so a group read back after a restart compares as it did before. A state
 * written as JSON by an earlier version (it starts with '{') is still read, so an upgrade needs no migration; it is
 * rewritten in the binary form the next time its group changes.
 *
 * <p>Layout (big-endian, {@link DataOutputStream}): format byte 1; issueId, sourceApp, release; category ordinal or -1;
 * basePriority, priority ordinals or -1; representativeText; representativeSimilarity; count; firstSeen, lastSeen
 * (seconds, nanos, or a -1 flag for null); sampleIds (count, strings); centroid (count, term + weight); recentTimes
 * (count, longs); escalations. Strings are a length (-1 for null) and UTF-8 bytes.
 */
public final class IssueStateSerde implements Serde<IssueState> {

    static final byte FORMAT = 1;
    /** Enums travel as ordinals (a byte, -1 for null): these read them back. */
    static final Category[] CATEGORIES = Category.values();
    static final Priority[] PRIORITIES = Priority.values();

    private final JsonSerde<IssueState> json = new JsonSerde<>(IssueState.class);

    @Override
    public Serializer<IssueState> serializer() {
        return (topic, state) -> state == null ? null : toBytes(state);
    }

    @Override
    public Deserializer<IssueState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return json.deserializer().deserialize(topic, bytes);
            }
            return fromBytes(bytes);
        };
    }

    static byte[] toBytes(IssueState s) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 + 24 * s.centroid().size());
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            writeString(out, s.issueId());
            writeString(out, s.sourceApp());
            writeString(out, s.release());
            out.writeByte(s.category() == null ? -1 : s.category().ordinal());
            out.writeByte(s.basePriority() == null ? -1 : s.basePriority().ordinal());
            out.writeByte(s.priority() == null ? -1 : s.priority().ordinal());
            writeString(out, s.representativeText());
            out.writeDouble(s.representativeSimilarity());
            out.writeLong(s.count());
            writeInstant(out, s.firstSeen());
            writeInstant(out, s.lastSeen());
            List<String> samples = s.sampleIds() == null ? List.of() : s.sampleIds();
            out.writeInt(samples.size());
            for (String id : samples) {
                writeString(out, id);
            }
            Map<String, Double> centroid = s.centroid() == null ? Map.of() : s.centroid();
            out.writeInt(centroid.size());
            for (Map.Entry<String, Double> e : centroid.entrySet()) {
                writeString(out, e.getKey());
                out.writeDouble(e.getValue());
            }
            List<Long> recent = s.recentTimes() == null ? List.of() : s.recentTimes();
            out.writeInt(recent.size());
            for (Long t : recent) {
                out.writeLong(t);
            }
            out.writeInt(s.escalations());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return buffer.toByteArray();
    }

    static IssueState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("Unknown issue-state format " + format);
            }
            String issueId = readString(in);
            String sourceApp = readString(in);
            String release = readString(in);
            int category = in.readByte();
            int basePriority = in.readByte();
            int priority = in.readByte();
            String representative = readString(in);
            double representativeSimilarity = in.readDouble();
            long count = in.readLong();
            Instant firstSeen = readInstant(in);
            Instant lastSeen = readInstant(in);
            int n = in.readInt();
            List<String> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                samples.add(readString(in));
            }
            n = in.readInt();
            Map<String, Double> centroid = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                centroid.put(readString(in), in.readDouble());
            }
            n = in.readInt();
            List<Long> recent = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                recent.add(in.readLong());
            }
            int escalations = in.readInt();
            return new IssueState(issueId, sourceApp, release, category < 0 ? null : CATEGORIES[category],
                    basePriority < 0 ? null : PRIORITIES[basePriority], priority < 0 ? null : PRIORITIES[priority],
                    representative, representativeSimilarity, count, firstSeen, lastSeen, samples, centroid, recent, escalations);
        } catch (IOException e) {
            throw new SerializationException("Unreadable issue state", e);
        }
    }

    /** A nullable string as an int length (-1 for null) and UTF-8 bytes; {@link GroupingReport} uses the same. */
    static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        if (instant == null) {
            out.writeLong(Long.MIN_VALUE);
            return;
        }
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        long seconds = in.readLong();
        return seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, in.readInt());
    }
}
