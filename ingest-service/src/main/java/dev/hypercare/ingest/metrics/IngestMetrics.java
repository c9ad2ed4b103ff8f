package dev.hypercare.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The ingest-service's own meters, exported on {@code /q/metrics}:
 * {@code hypercare_ingest_accepted_total{channel}} (items durably in Kafka),
 * {@code hypercare_ingest_rejected_total{channel,reason}} (requests or batch items refused) and
 * {@code hypercare_ingest_request_seconds{channel,status}} (a latency histogram, so p99 can be
 * computed across replicas in Prometheus).
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String channel) {
        Counter.builder("hypercare.ingest.accepted").description("Items accepted and acknowledged by Kafka")
                .tag("channel", channel).register(registry).increment();
    }

    public void rejected(String channel, String reason) {
        Counter.builder("hypercare.ingest.rejected").description("Requests or batch items refused")
                .tag("channel", channel).tag("reason", reason).register(registry).increment();
    }

    public void latency(String channel, int status, Duration duration) {
        Timer.builder("hypercare.ingest.request").description("Time from request to answer")
                .tag("channel", channel).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry).record(duration);
    }
}
