package dev.hypercare.metrics.item;

import dev.hypercare.kafka.DeadLetters;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriagedFeedback;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Reads one input topic's record (the triaged topic or the lifecycle topic) into an {@link ItemUpdate}, or passes it
 * on as {@link Outcome.Rejected} with the untouched value and {@link DeadLetters} headers saying why.
 *
 * <p>Why not a deserialisation handler: Kafka Streams 4.1's handlers can only log and skip, so a record that does not
 * parse used to vanish with a log line, and one that parsed but could not be attributed (no release, no priority, a
 * rating of 99) reached the item store. Now every input record either updates an item or is on the dead-letter topic
 * with a reason, in the same transaction. A tombstone is rejected too: neither topic is compacted, so one is a
 * producer's mistake, not a delete.
 */
public final class ItemInputParser<T> implements FixedKeyProcessor<String, byte[], ItemInputParser.Outcome> {

    public static final String SERVICE = "metrics-service";
    public static final String REASON_EMPTY = "empty-value";
    public static final String REASON_UNPARSEABLE = "unparseable";
    public static final String REASON_INVALID = "invalid-fields";
    public static final String REASON_KEY_MISMATCH = "key-mismatch";

    private static final Logger LOG = Logger.getLogger(ItemInputParser.class);

    /** What became of one input record. */
    public sealed interface Outcome {
        /** The update to fold into the item's state. */
        record Usable(ItemUpdate update) implements Outcome {
        }

        /** The record's own value, for the dead-letter topic (its headers say why). */
        record Rejected(byte[] value) implements Outcome {
        }
    }

    private final Topic<String, T> topic;
    private final String input;
    private final Function<T, String> idOf;
    private final Function<T, List<String>> invalidFields;
    private final Function<T, ItemUpdate> toUpdate;
    private final ItemEvents events;
    private final Deserializer<T> values;
    private FixedKeyProcessorContext<String, Outcome> context;

    private ItemInputParser(Topic<String, T> topic, String input, Function<T, String> idOf,
                            Function<T, List<String>> invalidFields, Function<T, ItemUpdate> toUpdate, ItemEvents events) {
        this.topic = topic;
        this.input = input;
        this.idOf = idOf;
        this.invalidFields = invalidFields;
        this.toUpdate = toUpdate;
        this.events = events;
        // The registry's format, applied here rather than in Consumed: a record that does not parse must reach the
        // dead-letter topic byte for byte.
        this.values = topic.valueSerde().deserializer();
    }

    public static ItemInputParser<TriagedFeedback> triaged(ItemEvents events) {
        return new ItemInputParser<>(Topics.FEEDBACK_TRIAGED, "triaged", TriagedFeedback::feedbackId,
                ItemInputParser::invalidFields, ItemUpdate::of, events);
    }

    public static ItemInputParser<LifecycleEvent> lifecycle(ItemEvents events) {
        return new ItemInputParser<>(Topics.FEEDBACK_LIFECYCLE, "lifecycle", LifecycleEvent::feedbackId,
                ItemInputParser::invalidFields, ItemUpdate::of, events);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            reject(record, REASON_EMPTY, null, null);
            return;
        }
        T value;
        try {
            value = values.deserialize(topic.name(), record.headers(), record.value());
        } catch (RuntimeException e) {
            reject(record, REASON_UNPARSEABLE, firstLine(e.getMessage()), e);
            return;
        }
        if (value == null) {
            reject(record, REASON_EMPTY, null, null);
            return;
        }
        List<String> invalid = invalidFields.apply(value);
        if (!invalid.isEmpty()) {
            reject(record, REASON_INVALID, String.join(", ", invalid), null);
            return;
        }
        // The item store and the queries find an item by its key; a record under another key would make a second item,
        // and one without a key (a console producer without -K) would be dropped unseen by the item state.
        String id = idOf.apply(value);
        if (record.key() == null) {
            reject(record, REASON_KEY_MISMATCH, "no key; the key must be the feedbackId " + id, null);
            return;
        }
        if (!record.key().equals(id)) {
            reject(record, REASON_KEY_MISMATCH, "key is not the feedbackId " + id, null);
            return;
        }
        context.forward(record.withValue((Outcome) new Outcome.Usable(toUpdate.apply(value))));
    }

    /** What the item state needs from a triaged record to attribute it to a release, a priority and a category. */
    static List<String> invalidFields(TriagedFeedback triaged) {
        List<String> invalid = new ArrayList<>();
        if (isBlank(triaged.feedbackId())) {
            invalid.add("feedbackId");
        } else if (triaged.feedbackId().length() > RawFeedback.MAX_NAME) {
            invalid.add("feedbackId"); // the item store's key and its string encoding
        }
        if (triaged.decision() != null && triaged.decision().issueId() != null
                && triaged.decision().issueId().length() > RawFeedback.MAX_NAME + "issue-".length()) {
            invalid.add("decision.issueId");
        }
        if (triaged.feedback() == null || isBlank(triaged.feedback().release())) {
            invalid.add("feedback.release");
        }
        if (triaged.priority() == null && (triaged.decision() == null || triaged.decision().priority() == null)) {
            invalid.add("priority");
        }
        if (triaged.decision() == null || triaged.decision().category() == null) {
            invalid.add("decision.category");
        }
        if (triaged.feedback() != null) {
            triaged.feedback().invalidFields(Instant.now()).forEach(field -> invalid.add("feedback." + field));
        }
        return invalid;
    }

    /** The ingest-service's own rules for a lifecycle event, as far as the KPIs depend on them. */
    static List<String> invalidFields(LifecycleEvent event) {
        List<String> invalid = new ArrayList<>();
        if (isBlank(event.feedbackId())) {
            invalid.add("feedbackId");
        }
        if (event.type() == null) {
            invalid.add("type");
        }
        if (event.occurredAt() == null && event.receivedAt() == null) {
            invalid.add("occurredAt");
        }
        // A rating outside 1..5 would move the release's CSAT mean.
        if (event.type() == LifecycleType.RATED && (event.rating() == null || event.rating() < 1 || event.rating() > 5)) {
            invalid.add("rating");
        }
        invalid.addAll(event.invalidFields(Instant.now()));
        return invalid;
    }

    /** @param kind the reason as counted; {@code detail}, when there is one, follows it in the header */
    private void reject(FixedKeyRecord<String, byte[]> record, String kind, String detail, Exception exception) {
        String reason = detail == null ? kind : kind + ": " + detail;
        Headers headers = DeadLetters.of(record.headers(), reason, exception, SERVICE);
        context.recordMetadata().ifPresent(meta -> DeadLetters.from(headers, meta.topic(), meta.partition(), meta.offset()));
        LOG.warnf("A %s record sent to the dead-letter topic: %s", input, reason);
        events.deadLettered(input, kind);
        context.forward(record.withValue((Outcome) new Outcome.Rejected(record.value())).withHeaders(headers));
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
