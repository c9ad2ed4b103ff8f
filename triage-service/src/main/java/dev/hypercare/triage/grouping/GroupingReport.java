package dev.hypercare.triage.grouping;

import static dev.hypercare.triage.grouping.IssueStateSerde.CATEGORIES;
import static dev.hypercare.triage.grouping.IssueStateSerde.PRIORITIES;
import static dev.hypercare.triage.grouping.IssueStateSerde.readString;
import static dev.hypercare.triage.grouping.IssueStateSerde.writeString;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriagedFeedback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A triaged report on its way to grouping (the issue-grouping repartition): the few fields grouping reads, and the
 * triaged item itself, parsed only when an escalation alert needs it.
 *
 * <p>Why: reading the repartition parsed the whole triaged JSON again (explanation, signals, every field of the
 * feedback) for every grouped report, though placing a report reads six fields. On the wire: a format byte, the
 * fields, then the triaged item's JSON as the other outputs have it (the same bytes, not written again, see
 * {@code SameValueSerde}). A record written by an earlier version (the bare JSON, starting with '{') is still read.
 *
 * @param item the triaged item when known (the writing side), null on the reading side until {@link #item()}
 */
public final class GroupingReport {

    static final byte FORMAT = 1;

    private final String feedbackId;
    private final String title;
    private final String text;
    private final Category category;
    private final Priority priority;
    private TriagedFeedback item;
    private final byte[] json;
    private final Deserializer<TriagedFeedback> items;

    private GroupingReport(String feedbackId, String title, String text, Category category, Priority priority,
                           TriagedFeedback item, byte[] json, Deserializer<TriagedFeedback> items) {
        this.feedbackId = feedbackId;
        this.title = title;
        this.text = text;
        this.category = category;
        this.priority = priority;
        this.item = item;
        this.json = json;
        this.items = items;
    }

    public static GroupingReport of(TriagedFeedback item) {
        return new GroupingReport(item.feedbackId(), item.feedback().title(), item.feedback().text(), item.decision().category(),
                item.priority(), item, null, null);
    }

    public String feedbackId() {
        return feedbackId;
    }

    public String title() {
        return title;
    }

    public String text() {
        return text;
    }

    public Category category() {
        return category;
    }

    public Priority priority() {
        return priority;
    }

    /** The whole triaged item (parsed on first use on the reading side). */
    public TriagedFeedback item() {
        if (item == null) {
            item = items.deserialize(null, json);
        }
        return item;
    }

    /** @param items the triaged items' serde (its serializer's bytes are the ones the other outputs get) */
    public static Serde<GroupingReport> serde(Serde<TriagedFeedback> items) {
        Serializer<TriagedFeedback> itemBytes = items.serializer();
        Deserializer<TriagedFeedback> itemReader = items.deserializer();
        Serializer<GroupingReport> serializer = (topic, report) -> {
            if (report == null) {
                return null;
            }
            byte[] json = report.item != null ? itemBytes.serialize(topic, report.item) : report.json;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + json.length + 2 * report.text.length());
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                out.writeByte(FORMAT);
                writeString(out, report.feedbackId);
                writeString(out, report.title);
                writeString(out, report.text);
                out.writeByte(report.category == null ? -1 : report.category.ordinal());
                out.writeByte(report.priority == null ? -1 : report.priority.ordinal());
                out.writeInt(json.length);
                out.write(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        };
        Deserializer<GroupingReport> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return of(itemReader.deserialize(topic, bytes));
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new SerializationException("Unknown grouping report format " + format);
                }
                String feedbackId = readString(in);
                String title = readString(in);
                String text = readString(in);
                int category = in.readByte();
                int priority = in.readByte();
                int length = in.readInt();
                int at = bytes.length - in.available();
                byte[] json = Arrays.copyOfRange(bytes, at, at + length);
                return new GroupingReport(feedbackId, title, text, category < 0 ? null : CATEGORIES[category],
                        priority < 0 ? null : PRIORITIES[priority], null, json, itemReader);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Unreadable grouping report", e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
