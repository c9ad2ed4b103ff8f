package dev.hypercare.triage.streams;

import dev.hypercare.triage.TriageConfig;
import dev.hypercare.triage.priority.ImpactUrgency;
import dev.hypercare.triage.priority.PriorityMatrix;
import dev.hypercare.triage.rules.RuleEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** The triage-service's one Kafka Streams topology, as the Quarkus extension expects it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology buildTopology(RegistryTopics topics, RuleEngine rules, ImpactUrgency impactUrgency,
                                  PriorityMatrix matrix, TriageConfig config) {
        // Topics first: the extension starts the streams as soon as it holds the Topology.
        topics.ensureExist();
        return new TriageTopology(rules, impactUrgency, matrix, config.dedup().window()).build();
    }
}
