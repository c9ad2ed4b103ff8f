package dev.hypercare.triage.streams;

import dev.hypercare.kafka.DeadLetters;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.TriageMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Parses a raw record's JSON into {@link RawFeedback}.
 *
 * <p>Business rule: a record is usable only if it parses and has a feedbackId, text, release,
 * sourceApp and receivedAt, and is keyed by its own feedback id (a record without a key too is refused), since the stores
 * and the interactive queries locate an item by that key. Anything else is passed on as
 * {@link ParseOutcome.Rejected}, carrying the untouched value and {@link DeadLetters} headers, so it
 * lands on the dead-letter topic byte for byte and the stream keeps going: one bad record must
 * never stop triage for everyone else.
 */
final class ParseFeedbackProcessor implements FixedKeyProcessor<byte[], byte[], ParseOutcome> {

    static final String SERVICE = "triage-service";
    static final String REASON_UNPARSEABLE = "unparseable";
    static final String REASON_EMPTY = "empty-value";
    static final String REASON_MISSING_FIELDS = "missing-required-fields";
    /** Present but outside the topic's contract (RawFeedback.invalidFields): too long, a '|' in a key part, an impossible time. */
    static final String REASON_INVALID_FIELDS = "invalid-fields";
    static final String REASON_KEY_MISMATCH = "key-mismatch";

    private static final Logger LOG = Logger.getLogger(ParseFeedbackProcessor.class);
    /** CloudEvents headers describe the raw event; copied onto a triaged record they would lie. */
    private static final String CLOUDEVENTS_HEADER_PREFIX = "ce_";

    /**
     * The raw topic's value format, from the registry. The topology reads the topic as bytes (a record that does not parse
     * must reach the dead-letter topic untouched), so the registry's deserialiser is applied here rather than in Consumed.
     */
    private final Deserializer<RawFeedback> values = Topics.FEEDBACK_RAW.valueSerde().deserializer();
    private final TriageMetrics metrics;
    private FixedKeyProcessorContext<byte[], ParseOutcome> context;

    ParseFeedbackProcessor(TriageMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], ParseOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            reject(record, REASON_EMPTY, null);
            return;
        }
        RawFeedback feedback;
        try {
            feedback = values.deserialize(Topics.FEEDBACK_RAW.name(), record.headers(), record.value());
        } catch (RuntimeException e) {
            reject(record, REASON_UNPARSEABLE + ": " + e.getMessage(), e);
            return;
        }
        if (feedback == null) {
            reject(record, REASON_EMPTY, null);
            return;
        }
        List<String> missing = missingFields(feedback);
        if (!missing.isEmpty()) {
            reject(record, REASON_MISSING_FIELDS + ": " + String.join(", ", missing), null);
            return;
        }
        List<String> invalid = feedback.invalidFields(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (!invalid.isEmpty()) {
            reject(record, REASON_INVALID_FIELDS + ": " + String.join(", ", invalid), null);
            return;
        }
        // Keyed by its feedback id, or refused: the de-duplication, the item's triage query and the metrics-service all
        // find an item in the partition of its id, and a record without a key (a console producer without a key) was
        // placed by the producer's partitioner, so a second copy could land elsewhere and be triaged twice.
        if (record.key() == null) {
            reject(record, REASON_KEY_MISMATCH + ": no key; the key must be the feedbackId " + feedback.feedbackId(), null);
            return;
        }
        if (!Arrays.equals(record.key(), feedback.feedbackId().getBytes(StandardCharsets.UTF_8))) {
            reject(record, REASON_KEY_MISMATCH + ": key is not the feedbackId " + feedback.feedbackId(), null);
            return;
        }
        context.forward(record.withValue((ParseOutcome) new ParseOutcome.Parsed(feedback))
                .withHeaders(withoutCloudEventsHeaders(record.headers())));
    }

    static List<String> missingFields(RawFeedback feedback) {
        List<String> missing = new ArrayList<>();
        if (isBlank(feedback.feedbackId())) {
            missing.add("feedbackId");
        }
        if (isBlank(feedback.text())) {
            missing.add("text");
        }
        if (isBlank(feedback.release())) {
            missing.add("release");
        }
        if (isBlank(feedback.sourceApp())) {
            missing.add("sourceApp");
        }
        if (feedback.receivedAt() == null) {
            missing.add("receivedAt");
        }
        return missing;
    }

    private void reject(FixedKeyRecord<byte[], byte[]> record, String reason, Exception exception) {
        Headers headers = DeadLetters.of(record.headers(), reason, exception, SERVICE);
        context.recordMetadata().ifPresent(meta -> DeadLetters.from(headers, meta.topic(), meta.partition(), meta.offset()));
        LOG.warnf("Raw record sent to the dead-letter topic: %s", reason);
        metrics.deadLetter(reason);
        context.forward(record.withValue((ParseOutcome) new ParseOutcome.Rejected(record.value())).withHeaders(headers));
    }

    private static Headers withoutCloudEventsHeaders(Headers headers) {
        RecordHeaders kept = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith(CLOUDEVENTS_HEADER_PREFIX)) {
                kept.add(header);
            }
        }
        return kept;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
