package dev.hypercare.triage.streams;

import dev.hypercare.model.TriagedFeedback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The triaged store as the de-duplication and {@code store-triaged} use it: the service's window store (items at their
 * triage time, kept for the de-duplication window), or, in {@code TriageCpuPerRecordBench} only, an in-memory key-value
 * store. Why the second: {@code TopologyTestDriver} needs in-memory stores (it commits after every record), and Kafka
 * Streams' in-memory window store keeps one map per distinct timestamp, so a fetch over a 7-day range walks every
 * record's timestamp (the bench spent half its samples there); the RocksDB window store the service uses seeks the key
 * in at most three segments. The bench's store gives the same decisions over its few minutes of event time (nothing is
 * older than the window there), and is never trimmed.
 */
interface TriagedItems {

    /** Whether the id was triaged at a time within [from, to]. */
    boolean triagedWithin(String feedbackId, long from, long to);

    void put(String feedbackId, TriagedFeedback item, long time);

    @SuppressWarnings("unchecked")
    static TriagedItems of(StateStore store) {
        if (store instanceof WindowStore<?, ?> window) {
            return new Windowed((WindowStore<String, TriagedFeedback>) window);
        }
        return new KeyValue((KeyValueStore<String, TriagedFeedback>) store);
    }

    record Windowed(WindowStore<String, TriagedFeedback> store) implements TriagedItems {

        @Override
        public boolean triagedWithin(String feedbackId, long from, long to) {
            // Entries are at their triage time: any entry in the range is a triage of this id within it. No value is read.
            try (WindowStoreIterator<TriagedFeedback> earlier = store.fetch(feedbackId, from, to)) {
                return earlier.hasNext();
            }
        }

        @Override
        public void put(String feedbackId, TriagedFeedback item, long time) {
            store.put(feedbackId, item, time);
        }
    }

    /** Bench only (see above): the latest triage of each id, its time read from the item. */
    record KeyValue(KeyValueStore<String, TriagedFeedback> store) implements TriagedItems {

        @Override
        public boolean triagedWithin(String feedbackId, long from, long to) {
            TriagedFeedback earlier = store.get(feedbackId);
            if (earlier == null || earlier.triagedAt() == null) {
                return false;
            }
            long seenAt = earlier.triagedAt().toEpochMilli();
            return seenAt >= from && seenAt <= to;
        }

        @Override
        public void put(String feedbackId, TriagedFeedback item, long time) {
            store.put(feedbackId, item);
        }
    }
}
