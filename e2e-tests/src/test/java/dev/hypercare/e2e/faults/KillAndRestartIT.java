package dev.hypercare.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash faults of the stream processors: while an upstream app submits feedback over HTTP, the
 * triage-service is SIGKILLed and restarted several times (every second time on an empty state
 * directory, as a pod rescheduled on another node) and the metrics-service once. Exactly-once
 * processing must still put every accepted item exactly once on the triaged topic and exactly once
 * on one priority topic, and count it exactly once in the release's volume KPI.
 *
 * <p>Size: {@code -Dhypercare.faults.events} (20000 in CI), {@code -Dhypercare.faults.rate}
 * (events/s), {@code -Dhypercare.faults.seed} (kill timing). See docs/reliability.md.
 */
class KillAndRestartIT {

    private static final int EVENTS = Integer.getInteger("hypercare.faults.events", 20_000);
    private static final int RATE = Integer.getInteger("hypercare.faults.rate", 400);
    private static final int IN_FLIGHT = Integer.getInteger("hypercare.faults.in-flight", 32);
    /** Retries with the same Idempotency-Key: then not even an unacknowledged record may add an item. */
    private static final boolean IDEMPOTENT = Boolean.getBoolean("hypercare.faults.idempotent-retries");
    private static final int MIN_TRIAGE_KILLS = Integer.getInteger("hypercare.faults.triage-kills", 3);
    private static final long SEED = Long.getLong("hypercare.faults.seed", System.nanoTime());

    private static FaultPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = FaultPipeline.start("kill-restart", true);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyAcceptedItemIsTriagedAndCountedExactlyOnceWhileTriageAndMetricsAreKilled() throws Exception {
        System.out.printf("KillAndRestartIT: seed=%d events=%d rate=%d/s idempotent-retries=%s "
                + "(reproduce with -Dhypercare.faults.seed=%d)%n", SEED, EVENTS, RATE, IDEMPOTENT, SEED);
        Random random = new Random(SEED);
        String release = "faults-kill-" + UUID.randomUUID().toString().substring(0, 8);

        // given an upstream app submitting feedback at a steady rate
        FeedbackLoad load = FeedbackLoad.start(pipeline.ingest.baseUrl(),
                new FeedbackLoad.Settings(EVENTS, IN_FLIGHT, RATE, release, Duration.ofMinutes(3), IDEMPOTENT));

        // when triage is killed mid-work again and again, metrics once, for as long as the load runs
        int triageKills = 0;
        boolean metricsKilled = false;
        while ((!load.isDone() || triageKills < MIN_TRIAGE_KILLS) && triageKills < 100) {
            // A few seconds of processing first, so the kill lands inside open transactions.
            TimeUnit.MILLISECONDS.sleep(2_000 + random.nextInt(4_000));
            pipeline.triage.kill();
            triageKills++;
            long killedAt = System.nanoTime();
            boolean wiped = triageKills % 2 == 0;
            if (wiped) {
                pipeline.triage.deleteState();
            }
            boolean killMetricsNow = !metricsKilled && triageKills == 2;
            if (killMetricsNow) {
                pipeline.metrics.kill();
                pipeline.metrics.restart();
                metricsKilled = true;
            }
            pipeline.triage.restart();
            pipeline.triage.awaitReady(FaultPipeline.START_TIMEOUT);
            if (killMetricsNow) {
                pipeline.metrics.awaitReady(FaultPipeline.START_TIMEOUT);
            }
            System.out.printf("KillAndRestartIT: triage kill %d%s%s at %d accepted, ready again after %.1f s%n",
                    triageKills, wiped ? " (state wiped)" : "", killMetricsNow ? " + metrics kill" : "",
                    load.acceptedSoFar(), (System.nanoTime() - killedAt) / 1e9);
        }
        FeedbackLoad.Result result = load.result().get(10, TimeUnit.MINUTES);

        // then nothing accepted is lost or doubled, and the KPI counts every item once
        DeliveryAudit.Report report = DeliveryAudit.audit(pipeline.bootstrapServers(), result, Duration.ofMinutes(5));
        System.out.println(report.summary("KillAndRestartIT") + " triage-kills=" + triageKills
                + " metrics-kills=" + (metricsKilled ? 1 : 0) + " seconds=" + result.millis() / 1000);
        String logs = "logs under " + pipeline.logs();
        assertThat(metricsKilled).as("metrics-service was killed once").isTrue();
        assertThat(triageKills).as("triage-service kills").isGreaterThanOrEqualTo(MIN_TRIAGE_KILLS);
        ExactlyOnce.assertHeld(report, EVENTS, IDEMPOTENT, logs);
    }
}
