package dev.hypercare.metrics.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/**
 * The one topology of the metrics-service, as a CDI bean for the Kafka Streams extension, which
 * asks for it while creating {@code KafkaStreams} at start-up. The registry's topics are created
 * first, so the streams never start on a missing source topic.
 */
@ApplicationScoped
public class TopologyProducer {

    private final TopicBootstrap topics;

    public TopologyProducer(TopicBootstrap topics) {
        this.topics = topics;
    }

    // One instance: the extension looks the topology up more than once (streams, topic check).
    @Produces
    @Singleton
    public Topology buildTopology() {
        topics.ensureTopics();
        return MetricsTopology.build();
    }
}
