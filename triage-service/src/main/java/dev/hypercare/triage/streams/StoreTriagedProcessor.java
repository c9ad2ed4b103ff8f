package dev.hypercare.triage.streams;

import dev.hypercare.model.TriagedFeedback;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each triage by feedback id at its triage (event) time, for the de-duplication and the interactive query by id,
 * in a window store whose retention is the de-duplication window: Kafka Streams drops old items by segment, so the
 * store no longer grows with every item ever triaged. A processor rather than {@code toTable()}: the stream was
 * re-keyed (bytes to the feedback id string, same value), and {@code toTable()} would add a needless repartition
 * topic for that (and a table is never trimmed).
 */
final class StoreTriagedProcessor implements Processor<String, TriagedFeedback, Void, Void> {

    private final String storeName;
    private TriagedItems store;

    StoreTriagedProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = TriagedItems.of(context.getStateStore(storeName));
    }

    @Override
    public void process(Record<String, TriagedFeedback> record) {
        // At the record's time, which is the item's triagedAt (PrioritiseProcessor), as the de-duplication reads it.
        store.put(record.key(), record.value(), record.timestamp());
    }
}
