package dev.hypercare.triage.query;

import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.streams.TriageTopology;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one item's triage from the local {@value TriageTopology#TRIAGED_STORE}.
 *
 * <p>Single instance for now: every partition's store is local. With several instances,
 * {@code KafkaStreams#queryMetadataForKey} will tell which instance owns the id (needs
 * {@code quarkus.kafka-streams.application-server}) and the resource will redirect there.
 */
@ApplicationScoped
public class InteractiveQueries {

    private final KafkaStreams streams;

    InteractiveQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public TriageLookup triageOf(String feedbackId) {
        try {
            ReadOnlyKeyValueStore<String, TriagedFeedback> store = streams.store(StoreQueryParameters
                    .fromNameAndType(TriageTopology.TRIAGED_STORE, QueryableStoreTypes.keyValueStore()));
            TriagedFeedback triaged = store.get(feedbackId);
            return triaged == null ? new TriageLookup.NotFound(feedbackId) : new TriageLookup.Found(triaged);
        } catch (InvalidStateStoreException e) {
            return new TriageLookup.Unavailable(e.getMessage());
        }
    }
}
