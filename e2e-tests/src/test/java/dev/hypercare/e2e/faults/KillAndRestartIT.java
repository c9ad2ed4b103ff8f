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
 * directory, as a pod rescheduled on another node; every third time stopped with SIGTERM instead, as in
 * a rolling update) and the metrics-service once. Exactly-once
 * processing must still put every accepted item exactly once on the triaged topic and exactly once
 * on one priority topic, and count it exactly once in the release's volume KPI.
 *
 * <p>Size: {@code -Dhypercare.faults.events} (20000 in CI), {@code -Dhypercare.faults.rate}
 * (events/s), {@code -Dhypercare.faults.seed} (kill timing). See docs/reliability.md.
 */
class KillAndRestartIT {

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
        FeedbackLoad.Settings settings = FeedbackLoad.Settings.fromSystemProperties(
                "faults-kill-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(3));
        System.out.printf("KillAndRestartIT: seed=%d %s (reproduce with -Dhypercare.faults.seed=%d)%n", SEED, settings, SEED);
        Random random = new Random(SEED);

        // given an upstream app submitting feedback at a steady rate
        FeedbackLoad load = FeedbackLoad.start(pipeline.ingest.baseUrl(), settings);

        // when triage is killed mid-work again and again, metrics once, for as long as the load runs
        int triageKills = 0;
        boolean metricsKilled = false;
        while ((!load.isDone() || triageKills < MIN_TRIAGE_KILLS) && triageKills < 100) {
            // Kill points counted in accepted events, not seconds: on a busy machine a timed pause can pass
            // with no new input for triage, and the kill would land between transactions, not inside one.
            // Once the load is done, the remaining kills come a few seconds into the backlog instead.
            int killAt = load.acceptedSoFar() + 800 + random.nextInt(1_600);
            long patience = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (load.acceptedSoFar() < killAt && !load.isDone() && System.nanoTime() < patience) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            if (load.isDone()) {
                TimeUnit.MILLISECONDS.sleep(2_000 + random.nextInt(4_000));
            }
            int acceptedAtKill = load.acceptedSoFar();
            // Every third stop is a SIGTERM, as in a rolling update: Kafka Streams closes and commits under load
            // (the others are crashes: no close, the open transaction is aborted by the next instance).
            boolean graceful = (triageKills + 1) % 3 == 0;
            long killedAt = System.nanoTime();
            String how = "";
            if (graceful) {
                how = String.format(" (SIGTERM, exited after %.1f s)", pipeline.triage.terminate(Duration.ofSeconds(60)).toMillis() / 1e3);
            } else {
                pipeline.triage.kill();
            }
            triageKills++;
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
            System.out.printf("KillAndRestartIT: triage kill %d%s%s%s at %d accepted%s, ready again after %.1f s%n",
                    triageKills, how, wiped ? " (state wiped)" : "", killMetricsNow ? " + metrics kill" : "",
                    acceptedAtKill, acceptedAtKill < settings.events() ? " (load running)" : " (load done, backlog)",
                    (System.nanoTime() - killedAt) / 1e9);
        }
        FeedbackLoad.Result result = load.result().get(10, TimeUnit.MINUTES);

        // then nothing accepted is lost or doubled, and the KPI counts every item once
        DeliveryAudit.Report report = DeliveryAudit.audit(pipeline.bootstrapServers(), result, Duration.ofMinutes(5));
        System.out.println(report.summary("KillAndRestartIT") + " triage-kills=" + triageKills
                + " metrics-kills=" + (metricsKilled ? 1 : 0) + " seconds=" + result.millis() / 1000);
        String logs = "logs under " + pipeline.logs();
        assertThat(metricsKilled).as("metrics-service was killed once").isTrue();
        assertThat(triageKills).as("triage-service kills").isGreaterThanOrEqualTo(MIN_TRIAGE_KILLS);
        ExactlyOnce.assertHeld(report, settings.events(), settings.idempotentRetries(), logs);
    }
}
