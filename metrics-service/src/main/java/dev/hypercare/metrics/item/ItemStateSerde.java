package dev.hypercare.metrics.item;

import static dev.hypercare.metrics.streams.BinaryFields.readDuration;
import static dev.hypercare.metrics.streams.BinaryFields.readInstant;
import static dev.hypercare.metrics.streams.BinaryFields.readString;
import static dev.hypercare.metrics.streams.BinaryFields.readStrings;
import static dev.hypercare.metrics.streams.BinaryFields.writeDuration;
import static dev.hypercare.metrics.streams.BinaryFields.writeInstant;
import static dev.hypercare.metrics.streams.BinaryFields.writeString;
import static dev.hypercare.metrics.streams.BinaryFields.writeStrings;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.metrics.sla.SlaDeadlines;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.Priority;
import dev.hypercare.metrics.streams.BinaryFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link ItemState} for {@code item-state-store}. Why not JSON: the state is read and
 * written on every update of its item, and Jackson's reading and writing of it was the largest single cost of
 * the service at 1k lifecycle events/s (JFR, docs/metrics.md "Performance / KPI freshness").
 *
 * <p>Format, version 1: a {@code 0x01} byte, then the fields in declaration order: strings and enum names as
 * UTF with a presence byte, instants as a presence byte + epoch seconds + nanos, durations as a presence byte +
 * seconds + nanos, the reopen count as an int, the rating as a presence byte + int, string lists as an int
 * length + UTFs, {@code sla} as a presence byte + its six fields, the outage flag as a boolean. The pending
 * lifecycle events (rare: only while the triaged record has not arrived) are kept as their JSON, each with an
 * int length, so their shape stays the topic's. A value starting with {@code '{'} is the JSON a build before
 * this one wrote to the changelog, and is read as such, so an upgrade restores the items it left.
 */
public final class ItemStateSerde implements Serde<ItemState> {

    private static final byte VERSION = 1;
    private static final JsonSerde<ItemState> JSON = new JsonSerde<>(ItemState.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = new JsonSerde<>(LifecycleEvent.class);

    @Override
    public Serializer<ItemState> serializer() {
        return (topic, state) -> state == null ? null : toBytes(state);
    }

    @Override
    public Deserializer<ItemState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(ItemState s) {
        return BinaryFields.encode(256, out -> {
            out.writeByte(VERSION);
            writeString(out, s.feedbackId());
            writeString(out, s.release());
            writeString(out, s.category() == null ? null : s.category().name());
            writeString(out, s.priority() == null ? null : s.priority().name());
            writeString(out, s.channel() == null ? null : s.channel().name());
            writeInstant(out, s.receivedAt());
            writeInstant(out, s.acknowledgedAt());
            writeInstant(out, s.firstRespondedAt());
            writeInstant(out, s.resolvedAt());
            out.writeInt(s.reopenCount());
            out.writeBoolean(s.rating() != null);
            if (s.rating() != null) {
                out.writeInt(s.rating());
            }
            writeStrings(out, s.appliedEventIds());
            out.writeInt(s.pending().size());
            for (LifecycleEvent event : s.pending()) {
                byte[] json = EVENT_JSON.toBytes(event);
                out.writeInt(json.length);
                out.write(json);
            }
            SlaDeadlines sla = s.sla();
            out.writeBoolean(sla != null);
            if (sla != null) {
                writeDuration(out, sla.firstResponseTarget());
                writeInstant(out, sla.firstResponseWarnAt());
                writeInstant(out, sla.firstResponseDueAt());
                writeDuration(out, sla.resolutionTarget());
                writeInstant(out, sla.resolutionWarnAt());
                writeInstant(out, sla.resolutionDueAt());
            }
            writeStrings(out, s.slaRaised());
            writeString(out, s.component());
            out.writeBoolean(s.outage());
            writeString(out, s.issueId());
            writeInstant(out, s.expiredAt());
        });
    }

    static ItemState fromBytes(byte[] bytes) {
        return BinaryFields.decode(bytes, JSON, VERSION, "item state", in -> {
            String feedbackId = readString(in);
            String release = readString(in);
            String category = readString(in);
            String priority = readString(in);
            String channel = readString(in);
            Instant receivedAt = readInstant(in);
            Instant acknowledgedAt = readInstant(in);
            Instant firstRespondedAt = readInstant(in);
            Instant resolvedAt = readInstant(in);
            int reopenCount = in.readInt();
            Integer rating = in.readBoolean() ? in.readInt() : null;
            List<String> appliedEventIds = readStrings(in);
            int pendingCount = in.readInt();
            List<LifecycleEvent> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                pending.add(EVENT_JSON.fromBytes(json));
            }
            SlaDeadlines sla = in.readBoolean()
                    ? new SlaDeadlines(readDuration(in), readInstant(in), readInstant(in),
                            readDuration(in), readInstant(in), readInstant(in))
                    : null;
            List<String> slaRaised = readStrings(in);
            String component = readString(in);
            boolean outage = in.readBoolean();
            String issueId = readString(in);
            Instant expiredAt = readInstant(in);
            return new ItemState(feedbackId, release,
                    category == null ? null : Category.valueOf(category),
                    priority == null ? null : Priority.valueOf(priority),
                    channel == null ? null : FeedbackChannel.valueOf(channel),
                    receivedAt, acknowledgedAt, firstRespondedAt, resolvedAt, reopenCount, rating, appliedEventIds,
                    pending, sla, slaRaised, component, outage, issueId, expiredAt);
        });
    }
}
