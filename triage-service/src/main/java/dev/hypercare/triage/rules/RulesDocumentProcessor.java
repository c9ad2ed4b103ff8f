package dev.hypercare.triage.rules;

import dev.hypercare.triage.TriageMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Updates the global rules store from {@code hypercare.triage.rules}, on every instance.
 *
 * <p>Business rule: only documents {@link LivePolicy} accepts enter the store; a rejected one leaves both
 * the store and the policy in force as they were. Kafka Streams runs this processor on restore too
 * ({@code addGlobalStore} reprocesses on restore), so a restarted instance applies the same documents in
 * the same order and ends with the same policy, invalid ones skipped again.
 */
public final class RulesDocumentProcessor implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final LivePolicy policy;
    private final TriageMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    public RulesDocumentProcessor(String storeName, LivePolicy policy, TriageMetrics metrics) {
        this.storeName = storeName;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String source = context.recordMetadata()
                .map(m -> "topic:" + m.partition() + "@" + m.offset())
                .orElse("topic");
        long rejectedBefore = policy.status().rejected();
        boolean changed = policy.apply(record.key(), record.value(), source, Instant.ofEpochMilli(record.timestamp()));
        if (changed && record.value() != null) {
            metrics.rulesDocument(true);
        } else if (policy.status().rejected() > rejectedBefore) {
            metrics.rulesDocument(false);
        }
        if (changed && record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
