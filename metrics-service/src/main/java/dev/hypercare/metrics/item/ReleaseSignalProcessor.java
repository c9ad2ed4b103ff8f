package dev.hypercare.metrics.item;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns item changes into {@link ReleaseSignal}s keyed by release. A processor rather than a
 * {@code flatMap} because the signal carries the record's event time (when a reopen happened).
 */
public final class ReleaseSignalProcessor implements Processor<String, ItemChange, String, ReleaseSignal> {

    private ProcessorContext<String, ReleaseSignal> context;

    @Override
    public void init(ProcessorContext<String, ReleaseSignal> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ItemChange> record) {
        if (record.value() == null) {
            return;
        }
        for (var signal : ReleaseSignal.of(record.value(), record.timestamp())) {
            context.forward(record.withKey(signal.key).withValue(signal.value));
        }
    }
}
