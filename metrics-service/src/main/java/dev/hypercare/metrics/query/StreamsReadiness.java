package dev.hypercare.metrics.query;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this instance's stores have caught up: Kafka Streams running and every local store partition, active
 * and standby, within {@link #CAUGHT_UP_LAG} records of its changelog's end; then for as long as it runs or rebalances.
 *
 * <p>Why: the extension's own readiness check only says the source topics exist, true seconds after start, and
 * RUNNING alone is not enough either, because a new instance joining caught-up peers is first given warm-up and
 * standby tasks that restore in the background while it is already RUNNING. A rolling update would then stop the
 * next old pod, whose tasks would move to copies still restoring, with queries answering 503. Once caught up, a
 * later rebalance does not make the instance unready (every pod rebalances at once, and the Service would have no
 * endpoint left for the dashboard). A store that never catches up (its input outruns it) is given up on after
 * {@link #GIVE_UP_AFTER} of running, so that a rollout cannot hang for good.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    static final String NAME = "kafka-streams-restored";
    /** Kafka Streams' own default "caught up" for its task assignor (acceptable.recovery.lag). */
    static final long CAUGHT_UP_LAG = 10_000;
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final KafkaStreams streams;
    private volatile boolean caughtUp;
    private volatile long runningSinceNanos = -1;

    StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        long lag = -1;
        if (!caughtUp && state == KafkaStreams.State.RUNNING) {
            if (runningSinceNanos < 0) {
                runningSinceNanos = System.nanoTime();
            }
            lag = maxLag();
            caughtUp = decide(lag, Duration.ofNanos(System.nanoTime() - runningSinceNanos));
        }
        var response = HealthCheckResponse.named(NAME).status(caughtUp && running).withData("state", state.name());
        return (lag >= 0 ? response.withData("maxStoreLag", lag) : response).build();
    }

    /** Caught up: the largest local store lag is known and small, or the instance has been running long enough. */
    static boolean decide(long maxLag, Duration running) {
        return (maxLag >= 0 && maxLag <= CAUGHT_UP_LAG) || running.compareTo(GIVE_UP_AFTER) >= 0;
    }

    /** The largest offset lag of this instance's store partitions, or -1 when Kafka Streams cannot say now. */
    private long maxLag() {
        try {
            long max = 0;
            for (Map<Integer, LagInfo> partitions : streams.allLocalStorePartitionLags().values()) {
                for (LagInfo lag : partitions.values()) {
                    max = Math.max(max, lag.offsetLag());
                }
            }
            return max;
        } catch (RuntimeException notNow) {
            // A rebalance in progress or the broker out of reach: not caught up yet, the next probe asks again.
            return -1;
        }
    }
}
