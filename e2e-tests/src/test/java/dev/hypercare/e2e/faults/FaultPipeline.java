package dev.hypercare.e2e.faults;

import dev.hypercare.e2e.BrokerProcess;
import dev.hypercare.e2e.ServiceProcess;
import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker process and the packaged services as processes, started for one fault-injection class
 * and torn down after it: every part can really die (SIGKILL) and be started again.
 */
final class FaultPipeline implements AutoCloseable {

    /** Start-up on 2 shared cores with other builds running: generous, but bounded. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    /**
     * Test setting, not the services' default: a SIGKILLed Kafka Streams member stays in its group
     * until its session times out (45 s by default), and the restarted instance is not RUNNING before
     * that. 10 s keeps several kill cycles within CI's budget; docs/reliability.md reports the 45 s.
     */
    static final Map<String, String> STREAMS_TEST_SETTINGS = Map.of(
            "kafka-streams.session.timeout.ms", "10000",
            "kafka-streams.heartbeat.interval.ms", "3000");

    final Path work;
    final BrokerProcess broker;
    final ServiceProcess ingest;
    final ServiceProcess triage;
    final ServiceProcess metrics;

    private FaultPipeline(Path work, BrokerProcess broker, ServiceProcess ingest, ServiceProcess triage,
                          ServiceProcess metrics) {
        this.work = work;
        this.broker = broker;
        this.ingest = ingest;
        this.triage = triage;
        this.metrics = metrics;
    }

    /**
     * Starts the broker, creates the registry topics (as {@code ./hypercare run} does, so no service
     * races another to create them), then the services in parallel, and waits until all are ready.
     */
    static FaultPipeline start(String name, boolean withMetrics) throws Exception {
        Path work = Path.of("target", "faults", name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        BrokerProcess broker = BrokerProcess.start(work.resolve("broker"));
        List<AutoCloseable> started = new ArrayList<>(List.of(broker));
        try {
            broker.awaitStarted(START_TIMEOUT);
            TopicProvisioner.ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    Topics.ALL, (short) 1, Duration.ofSeconds(60));
            ServiceProcess ingest = ServiceProcess.start("ingest", broker.bootstrapServers(), work.resolve("ingest"), Map.of());
            started.add(ingest);
            ServiceProcess triage = ServiceProcess.start("triage", broker.bootstrapServers(), work.resolve("triage"),
                    STREAMS_TEST_SETTINGS);
            started.add(triage);
            ServiceProcess metrics = null;
            if (withMetrics) {
                metrics = ServiceProcess.start("metrics", broker.bootstrapServers(), work.resolve("metrics"),
                        STREAMS_TEST_SETTINGS);
                started.add(metrics);
            }
            for (AutoCloseable part : started) {
                if (part instanceof ServiceProcess service) {
                    service.awaitReady(START_TIMEOUT);
                }
            }
            return new FaultPipeline(work, broker, ingest, triage, metrics);
        } catch (Exception | Error e) {
            closeAll(started);
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Where to look when a run fails: every part keeps its own log under the run's folder. */
    String logs() {
        return work.toString();
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        for (AutoCloseable part : new AutoCloseable[] {broker, ingest, triage, metrics}) {
            if (part != null) {
                parts.add(part);
            }
        }
        closeAll(parts);
    }

    /** In reverse start order: services before the broker, so they do not spend their shutdown retrying it. */
    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + parts.get(i) + " failed: " + e);
            }
        }
    }
}
