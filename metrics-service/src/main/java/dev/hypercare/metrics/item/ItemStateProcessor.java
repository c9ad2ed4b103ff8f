package dev.hypercare.metrics.item;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each item's updates into its {@link ItemState} (kept in a key-value store by feedback id)
 * and forwards an {@link ItemChange} only when the state actually changed: duplicates stop here.
 *
 * <p>The Processor API rather than a DSL {@code aggregate}, because the KPI step needs the state
 * before and after each update, not only the new state.
 */
public final class ItemStateProcessor implements FixedKeyProcessor<String, ItemUpdate, ItemChange> {

    private final String storeName;
    private FixedKeyProcessorContext<String, ItemChange> context;
    private KeyValueStore<String, ItemState> store;

    public ItemStateProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ItemChange> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, ItemUpdate> record) {
        if (record.key() == null || record.value() == null) {
            return; // not attributable to an item
        }
        ItemState before = store.get(record.key());
        ItemState after = (before != null ? before : ItemState.empty(record.key())).apply(record.value());
        if (after.equals(before)) {
            return;
        }
        store.put(record.key(), after);
        // The stream thread's wall clock: "when was this KPI computed", controllable in tests.
        Instant computedAt = Instant.ofEpochMilli(context.currentSystemTimeMs());
        context.forward(record.withValue(new ItemChange(before, after, computedAt)));
    }
}
