package dev.hypercare.ingest.kafka;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Creates the registry's missing topics ({@link Topics#ALL}) when the service starts, and reports
 * not-ready until that succeeded.
 *
 * <p>Rule: the service starts even when Kafka is down. Crash-looping would not bring the broker
 * back, and the HTTP API already answers 503 while Kafka is unreachable. Instead provisioning is
 * retried in the background every {@code hypercare.topics.retry-interval} until it succeeds;
 * meanwhile this readiness check (and Quarkus' Kafka readiness check) keep the instance out of the
 * load balancer. Existing topics are left untouched (see {@link TopicProvisioner}).
 *
 * <p>The exception is a refused login (wrong SASL password, untrusted TLS certificate): waiting does
 * not fix credentials, and a service that stays up unready only logs the cause every few seconds.
 * The service then exits with status 1 and the cause in one ERROR line, like the two Kafka Streams
 * services do (docs/deploy.md, "Wrong credentials").
 */
@ApplicationScoped
@Readiness
public class TopicBootstrap implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    private final Map<String, Object> kafkaConfig;
    private final String bootstrapServers;
    private final short replicationFactor;
    private final Duration timeout;
    private final Duration retryInterval;
    private final AtomicBoolean provisioned = new AtomicBoolean();
    private volatile String lastError = "not attempted yet";
    private ScheduledExecutorService scheduler;

    /**
     * @param kafkaConfig every {@code kafka.*} setting (bootstrap servers, TLS, SASL), as Quarkus hands
     *                    it to the messaging connector: the Admin client connects exactly as the producer does
     */
    public TopicBootstrap(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                          @ConfigProperty(name = "hypercare.topics.replication-factor", defaultValue = "1") short replicationFactor,
                          @ConfigProperty(name = "hypercare.topics.timeout", defaultValue = "10S") Duration timeout,
                          @ConfigProperty(name = "hypercare.topics.retry-interval", defaultValue = "5S") Duration retryInterval) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.bootstrapServers = String.valueOf(kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
        this.retryInterval = retryInterval;
    }

    void onStart(@Observes StartupEvent event) {
        // A daemon thread of its own: a slow or absent broker must neither delay start-up nor
        // occupy a worker thread that serves requests.
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hypercare-topic-bootstrap");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.execute(this::attempt);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void attempt() {
        try {
            var created = TopicProvisioner.ensureTopics(adminConfig(), Topics.ALL, replicationFactor, timeout);
            provisioned.set(true);
            LOG.infof("Hypercare topics present (created now: %s)", created);
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                return; // interrupted by shutdown: nothing to retry, nothing to report
            }
            lastError = String.valueOf(e.getMessage());
            AuthenticationException refused = authenticationFailure(e);
            if (refused != null) {
                LOG.errorf("Kafka at %s refused this service's credentials (check KAFKA_SASL_JAAS_CONFIG, "
                        + "KAFKA_SASL_MECHANISM and the truststore settings); stopping: %s", bootstrapServers, refused.getMessage());
                Quarkus.asyncExit(1);
                return;
            }
            LOG.warnf("Could not provision Hypercare topics on %s, retrying in %s: %s", bootstrapServers, retryInterval, lastError);
            scheduler.schedule(this::attempt, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static AuthenticationException authenticationFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException refused) {
                return refused;
            }
        }
        return null;
    }

    private Map<String, Object> adminConfig() {
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // Bounded so that closing the Admin client after a failed attempt does not wait for
        // the 60 s default of calls still pending against an absent broker.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        return config;
    }

    /** True once every registry topic is known to exist. */
    public boolean provisioned() {
        return provisioned.get();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("hypercare-topics").status(provisioned.get());
        if (!provisioned.get()) {
            response.withData("lastError", lastError);
        }
        return response.build();
    }
}
