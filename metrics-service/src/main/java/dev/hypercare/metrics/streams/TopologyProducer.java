package dev.hypercare.metrics.streams;

import dev.hypercare.metrics.item.ItemEvents;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.SlaEvent;
import org.jboss.logging.Logger;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/**
 * The one topology of the metrics-service, as a CDI bean for the Kafka Streams extension, which
 * asks for it while creating {@code KafkaStreams} at start-up. The registry's topics are created
 * first, so the streams never start on a missing source topic. SLA events raised are counted in
 * Prometheus as {@code hypercare_sla_events_total{kind,target,priority}}; expired items as
 * {@code hypercare_items_expired_total}, and late updates of expired items, ignored, as
 * {@code hypercare_items_late_updates_total{input}}.
 */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    private final TopicBootstrap topics;
    private final MetricsConfig config;
    private final MeterRegistry registry;

    public TopologyProducer(TopicBootstrap topics, MetricsConfig config, MeterRegistry registry) {
        this.topics = topics;
        this.config = config;
        this.registry = registry;
    }

    // One instance: the extension looks the topology up more than once (streams, topic check).
    @Produces
    @Singleton
    public Topology buildTopology() {
        topics.ensureTopics();
        return MetricsTopology.build(config.settings(), this::count, new ItemEvents() {
            @Override
            public void expired(ItemState last) {
                registry.counter("hypercare.items.expired").increment();
            }

            @Override
            public void ignoredLate(String feedbackId, String input) {
                registry.counter("hypercare.items.late.updates", "input", input).increment();
                LOG.debugf("Ignored a late %s update of expired item %s", input, feedbackId);
            }

            @Override
            public void deadLettered(String input, String reason) {
                registry.counter("hypercare.items.dead.letters", "input", input, "reason", reason).increment();
            }
        });
    }

    private void count(SlaEvent event) {
        registry.counter("hypercare.sla.events", "kind", event.kind().name(), "target", event.target().name(),
                "priority", String.valueOf(event.priority())).increment();
    }
}
