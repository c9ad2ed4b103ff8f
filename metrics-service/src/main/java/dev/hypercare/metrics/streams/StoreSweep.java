package dev.hypercare.metrics.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one shape of every wall-clock punctuation of this service (KPI delta flush, readiness re-judgement,
 * spike windows, uptime re-publication): read every entry of a store, then act on each, which may write,
 * delete and forward. The entries are copied first: a store must not change under an open iterator
 * (RocksDB iterators see a snapshot, in-memory ones may not), and the iterator is closed before forwarding.
 */
public final class StoreSweep {

    private StoreSweep() {
    }

    public static <K, V> void forEach(KeyValueStore<K, V> store, BiConsumer<K, V> action) {
        List<KeyValue<K, V>> entries = new ArrayList<>();
        try (var iterator = store.all()) {
            iterator.forEachRemaining(entries::add);
        }
        for (KeyValue<K, V> entry : entries) {
            action.accept(entry.key, entry.value);
        }
    }
}
