package dev.hypercare.ingest.intake;

import dev.hypercare.ingest.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Closes the intake the moment the process is told to stop (SIGTERM: a rolling update, {@code ./hypercare stop}), so
 * that every record this instance publishes belongs to a request that gets its answer.
 *
 * <p>Quarkus' graceful shutdown ({@code quarkus.shutdown.timeout}) waits for the requests in progress, but it still
 * serves requests that arrive while it waits, and one that arrives just as the wait ends can be published (the producer
 * flushes on close) while its connection is already closing: in Kafka, yet no 202 went out, and a client without an
 * idempotency key then sends it again as a second item. Measured before this gate with 40 concurrent clients: 12 such
 * requests in one SIGTERM (docs/reliability.md, "Graceful stop"). So from the signal on, new submissions are refused
 * with 503 and Retry-After before anything is published; those already past the gate finish inside the drain.
 *
 * <p>The signal is seen by a JVM shutdown hook of its own. The JVM runs its hooks concurrently, in no set order, but
 * this one only sets a flag while Quarkus' hook has a whole application to stop, so in practice the gate is closed
 * long before the drain ends; a request that slips through before it closes is one the drain still waits for and
 * answers. {@link ShutdownEvent} (after the drain) closes it as well and removes the hook.
 *
 * <p>Under Kubernetes the pod's preStop hook (k8s/base/ingest-service.yaml) delays the SIGTERM until the pod has
 * left the Service's endpoints, so the gate refuses next to nothing in a rolling update.
 */
@ApplicationScoped
public class ShutdownGate {

    private final Duration retryAfter;
    private volatile boolean closed;
    private Thread hook;

    public ShutdownGate(@ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    void onStart(@Observes StartupEvent event) {
        hook = new Thread(this::close, "hypercare-intake-gate");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting: the hook has run or is running, nothing to remove.
        }
    }

    void close() {
        closed = true;
    }

    /** Throws the 503 a new submission gets once the process is stopping. */
    public void checkOpen() {
        if (closed) {
            throw stopping();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public ProblemException stopping() {
        return ProblemException.notReady("Stopping",
                "This instance is shutting down and takes no new submissions; retry after the Retry-After delay "
                        + "(another replica answers, or this one once restarted).", retryAfter);
    }
}
