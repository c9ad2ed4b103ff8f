package dev.hypercare.triage.query;

import dev.hypercare.triage.TriageModels;
import dev.hypercare.triage.streams.TriageTopology;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING, i.e. while the triage store can answer queries, and once the
 * models are loaded, i.e. while the service can triage (they load beside Kafka Streams' start, see
 * {@link TriageModels}). The extension's own readiness check only says the source topics exist, which is
 * true long before the first rebalance has finished; until then the query API could only answer 503.
 */
@Readiness
@ApplicationScoped
public class TriageStoreReadiness implements HealthCheck {

    private final KafkaStreams streams;
    private final TriageModels models;

    TriageStoreReadiness(KafkaStreams streams, TriageModels models) {
        this.streams = streams;
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean modelsLoaded = models.isLoaded();
        return HealthCheckResponse.named(TriageTopology.TRIAGED_STORE)
                .status(state == KafkaStreams.State.RUNNING && modelsLoaded)
                .withData("state", state.name())
                .withData("models", modelsLoaded ? "loaded" : "loading")
                .build();
    }
}
