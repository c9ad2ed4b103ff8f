package dev.hypercare.triage.streams;

import dev.hypercare.model.TriagedFeedback;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest triage of every item by feedback id, for interactive queries. A processor
 * rather than {@code toTable()}: the stream was re-keyed (bytes to the feedback id string, same
 * value), and {@code toTable()} would add a needless repartition topic for that.
 */
final class StoreTriagedProcessor implements Processor<String, TriagedFeedback, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, TriagedFeedback> store;

    StoreTriagedProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, TriagedFeedback> record) {
        store.put(record.key(), record.value());
    }
}
