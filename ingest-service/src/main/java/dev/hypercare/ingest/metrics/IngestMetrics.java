package dev.hypercare.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

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
    // Meters looked up once per (channel, reason/status), not built and registered on every request:
    // a Micrometer register() builds an id and searches the registry each time. The keys come from
    // fixed sets (channel names, status codes, reasons), so the maps stay small.
    private final ConcurrentMap<String, Counter> accepted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Integer, Timer>> latency = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String channel) {
        accepted(channel, 1);
    }

    /** {@code items} accepted at once (a batch): one meter update for all of them. */
    public void accepted(String channel, int items) {
        accepted.computeIfAbsent(channel, c -> Counter.builder("hypercare.ingest.accepted")
                .description("Items accepted and acknowledged by Kafka")
                .tag("channel", c).register(registry)).increment(items);
    }

    public void rejected(String channel, String reason) {
        rejected.computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(reason, r -> Counter.builder("hypercare.ingest.rejected")
                        .description("Requests or batch items refused")
                        .tag("channel", channel).tag("reason", r).register(registry)).increment();
    }

    public void latency(String channel, int status, Duration duration) {
        latency(channel, status, duration.toNanos());
    }

    public void latency(String channel, int status, long nanos) {
        latency.computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> Timer.builder("hypercare.ingest.request").description("Time from request to answer")
                        .tag("channel", channel).tag("status", Integer.toString(s))
                        .publishPercentileHistogram()
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
