package dev.hypercare.metrics.query;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once Kafka Streams has been RUNNING, i.e. once this instance's first tasks are restored and its stores answer,
 * and as long as it is running or rebalancing. The extension's own readiness check only says the source topics exist,
 * which is true seconds after start: a rolling update then took the next old pod down while the new one was still
 * restoring its stores from the changelogs, and the restores stacked up with queries answering 503. A later rebalance
 * (another pod comes or goes) does not make the instance unready: every pod rebalances at once, and the Service would
 * have no endpoint left for the dashboard.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    static final String NAME = "kafka-streams-restored";

    private final KafkaStreams streams;
    private volatile boolean wasRunning;

    StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            wasRunning = true;
        }
        boolean up = wasRunning && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
        return HealthCheckResponse.named(NAME).status(up).withData("state", state.name()).build();
    }
}
