package dev.hypercare.triage.streams;

import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.TriageMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jboss.logging.Logger;

/**
 * Business de-duplication by feedback id.
 *
 * <p>Business rule: a raw record whose feedback id was already seen within the de-duplication window
 * (event time, either side) is dropped; the first one is triaged. Exactly-once processing does not
 * cover this: a producer that sends the same item twice creates two distinct records. The seen ids
 * live in a window store so that the state is bounded by the window, not by the whole history.
 */
final class DeduplicateProcessor implements FixedKeyProcessor<String, RawFeedback, RawFeedback> {

    private static final Logger LOG = Logger.getLogger(DeduplicateProcessor.class);

    private final String storeName;
    private final long windowMs;
    private final TriageMetrics metrics;
    private FixedKeyProcessorContext<String, RawFeedback> context;
    private WindowStore<String, Long> seen;

    DeduplicateProcessor(String storeName, Duration window, TriageMetrics metrics) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RawFeedback> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, RawFeedback> record) {
        String feedbackId = record.key();
        long time = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(feedbackId, Math.max(0, time - windowMs), time + windowMs)) {
            if (earlier.hasNext()) {
                LOG.debugf("Duplicate feedback %s dropped (first seen at %d)", feedbackId, earlier.next().value);
                metrics.duplicate();
                return;
            }
        }
        seen.put(feedbackId, time, time);
        context.forward(record);
    }
}
