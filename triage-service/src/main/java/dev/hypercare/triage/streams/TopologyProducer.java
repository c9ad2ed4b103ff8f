package dev.hypercare.triage.streams;

import dev.hypercare.triage.TriageConfig;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.rules.Categoriser;
import dev.hypercare.triage.rules.LivePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The triage-service's one Kafka Streams topology, as the Quarkus extension expects it. */
@ApplicationScoped
public class TopologyProducer {

    // @Singleton: the Quarkus extension looks the Topology up more than once (for KafkaStreams and for its
    // topology manager); a @Dependent producer would build it, and position a replay, once per look-up.
    @Produces
    @Singleton
    public Topology buildTopology(RegistryTopics topics, LivePolicy policy, Enricher enricher, Categoriser categoriser,
                                  TriageMetrics metrics, TriageConfig config) {
        // Topics first: the extension starts the streams as soon as it holds the Topology.
        topics.ensureExist();
        topics.positionReplay();
        return new TriageTopology(policy, enricher, categoriser, new TriageTopology.Settings(config.dedup().window(),
                config.grouping().horizon(), config.grouping().maxGroupsPerRelease(), config.output().suffix().orElse(""),
                config.rules().live(), config.grouping().terms()), metrics).build();
    }
}
