package dev.hypercare.triage.streams;

import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.TriageMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Business de-duplication by feedback id.
 *
 * <p>Business rule: a raw record whose feedback id was already seen within the de-duplication window
 * (event time, either side) is dropped; the first one is triaged. Exactly-once processing does not
 * cover this: a producer that sends the same item twice creates two distinct records.
 *
 * <p>The seen ids are the keys of the {@code triaged-feedback-window-store}, which holds the triaged items by feedback id
 * at their triage time (the record's event time, as this check uses) for the queries anyway, for the de-duplication
 * window and not longer (its retention). Every record that passes this check is triaged and put there within the same
 * processing of the record, before the next one. A store of its own would repeat that: one more store write and
 * changelog record per record under exactly-once, for no answer the triaged store cannot give.
 *
 * <p>An id seen more than a window before the task's stream time is forgotten with its segment: a record that old is
 * triaged (and, being older than the retention, not stored again), as the rule allows.
 */
final class DeduplicateProcessor implements FixedKeyProcessor<String, RawFeedback, RawFeedback> {

    private static final Logger LOG = Logger.getLogger(DeduplicateProcessor.class);

    private final String storeName;
    private final long windowMs;
    private final TriageMetrics metrics;
    private FixedKeyProcessorContext<String, RawFeedback> context;
    private TriagedItems triaged;

    DeduplicateProcessor(String storeName, Duration window, TriageMetrics metrics) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RawFeedback> context) {
        this.context = context;
        this.triaged = TriagedItems.of(context.getStateStore(storeName));
    }

    @Override
    public void process(FixedKeyRecord<String, RawFeedback> record) {
        String feedbackId = record.key();
        long time = record.timestamp();
        long from = Math.max(0, time - windowMs);
        long to = time > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : time + windowMs;
        if (triaged.triagedWithin(feedbackId, from, to)) {
            LOG.debugf("Duplicate feedback %s dropped (triaged within the window of %d)", feedbackId, time);
            metrics.duplicate();
            return;
        }
        // Not seen within the window: triaged, and the triaged store then remembers it (store-triaged).
        context.forward(record);
    }
}
