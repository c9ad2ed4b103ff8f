package dev.hypercare.triage.streams;

import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.TriageMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Business de-duplication by feedback id.
 *
 * <p>Business rule: a raw record whose feedback id was already seen within the de-duplication window
 * (event time, either side) is dropped; the first one is triaged. Exactly-once processing does not
 * cover this: a producer that sends the same item twice creates two distinct records.
 *
 * <p>The seen ids are the keys of the {@code triaged-feedback-store}, which holds every triaged item by feedback id
 * for the queries anyway, with its triage time (the record's event time, as this check uses). Every record that
 * passes this check is triaged and put there within the same processing of the record, before the next one. A
 * window store of its own repeated that: one more store write, changelog record and RocksDB window fetch per
 * record under exactly-once, for no answer the triaged store cannot give.
 */
final class DeduplicateProcessor implements FixedKeyProcessor<String, RawFeedback, RawFeedback> {

    private static final Logger LOG = Logger.getLogger(DeduplicateProcessor.class);

    private final String storeName;
    private final long windowMs;
    private final TriageMetrics metrics;
    private FixedKeyProcessorContext<String, RawFeedback> context;
    private KeyValueStore<String, TriagedFeedback> triaged;

    DeduplicateProcessor(String storeName, Duration window, TriageMetrics metrics) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RawFeedback> context) {
        this.context = context;
        this.triaged = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, RawFeedback> record) {
        String feedbackId = record.key();
        long time = record.timestamp();
        TriagedFeedback earlier = triaged.get(feedbackId);
        if (earlier != null && earlier.triagedAt() != null) {
            long seenAt = earlier.triagedAt().toEpochMilli();
            if (seenAt >= time - windowMs && seenAt <= time + windowMs) {
                LOG.debugf("Duplicate feedback %s dropped (first seen at %d)", feedbackId, seenAt);
                metrics.duplicate();
                return;
            }
        }
        // Not seen within the window: triaged, and the triaged store then remembers it (store-triaged).
        context.forward(record);
    }
}
