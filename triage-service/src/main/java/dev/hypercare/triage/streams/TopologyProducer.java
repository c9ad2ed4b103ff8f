package dev.hypercare.triage.streams;

import dev.hypercare.triage.TriageConfig;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.TriageModels;
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
    public Topology buildTopology(RegistryTopics topics, LivePolicy policy, TriageModels models, TriageMetrics metrics,
                                  TriageConfig config) {
        // The models load beside the topic set-up and Kafka Streams' start; records wait for them (TriageModels).
        models.startLoading();
        // Topics first: the extension starts the streams as soon as it holds the Topology.
        topics.ensureExist();
        topics.positionReplay();
        return new TriageTopology(policy, models::enricher, models::categoriser, new TriageTopology.Settings(config.dedup().window(),
                config.grouping().horizon(), config.grouping().maxGroupsPerRelease(), config.output().suffix().orElse(""),
                config.rules().live(), config.grouping().terms(), config.output().groupingSuffix().orElse(null)), metrics).build();
    }
}
