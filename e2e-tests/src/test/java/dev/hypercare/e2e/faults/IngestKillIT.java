package dev.hypercare.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash faults of the intake itself: while an upstream app submits feedback with an Idempotency-Key
 * per event, the ingest-service is SIGKILLed (a crashed pod) or stopped with SIGTERM (a rolling
 * update) and started again, several times. Requests in flight at the kill get no answer although
 * their record may already be in Kafka; the client retries them with the same key. Every event must
 * become exactly one item: one id, once on the raw topic, once triaged, once on a priority topic,
 * counted once. The restarted service may only answer such a retry once its view has read what the
 * dead one accepted (docs/ingest.md, "Idempotency: what is guaranteed").
 *
 * <p>Size: {@code -Dhypercare.faults.ingest-events} (6000 in CI), {@code -Dhypercare.faults.seed}
 * (kill timing). See docs/reliability.md.
 */
class IngestKillIT {

    private static final int EVENTS = Integer.getInteger("hypercare.faults.ingest-events", 6_000);
    private static final int KILLS = Integer.getInteger("hypercare.faults.ingest-kills", 2);
    private static final long SEED = Long.getLong("hypercare.faults.seed", System.nanoTime());
    // Two by default (a crash, then a rolling update's stop): each kill costs a restart, 10-25 s of CI on 2 cores,
    // and ./mvnw verify must stay under 20 minutes there. -Dhypercare.faults.ingest-kills=5 alternates further.
    /** Kubernetes' default terminationGracePeriodSeconds for the ingest pod (k8s/base/ingest-service.yaml). */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static FaultPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = FaultPipeline.start("ingest-kill", true);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyEventBecomesExactlyOneItemWhileTheIngestServiceIsKilledMidRequest() throws Exception {
        FeedbackLoad.Settings settings = FeedbackLoad.Settings.fromSystemProperties(
                        "faults-ingest-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(3))
                .withEvents(EVENTS).withIdempotentRetries()
                // Retries right after a refused connection, so the first ones reach the restarted service while its
                // view is still reading what the dead one accepted: the window the not-ready 503 closes.
                .withNoAnswerBackoff(Duration.ofMillis(100));
        System.out.printf("IngestKillIT: seed=%d %s (reproduce with -Dhypercare.faults.seed=%d)%n", SEED, settings, SEED);
        Random random = new Random(SEED);

        // given an upstream app submitting feedback, one Idempotency-Key per event
        FeedbackLoad load = FeedbackLoad.start(pipeline.ingest.baseUrl(), settings);

        // when the ingest-service dies under it: SIGKILL, SIGTERM (graceful), SIGKILL, ...
        List<Kill> kills = new ArrayList<>();
        while (kills.size() < KILLS && !load.isDone()) {
            // Kill points counted in accepted events: the k-th near k/(KILLS+1) of the load, within a quarter of the
            // spacing either way, so that every one lands while the load runs whatever the number of kills.
            int spacing = EVENTS / (KILLS + 1);
            int killAt = (kills.size() + 1) * spacing - spacing / 4 + random.nextInt(Math.max(1, spacing / 2));
            long patience = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (load.acceptedSoFar() < killAt && !load.isDone() && System.nanoTime() < patience) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (load.isDone()) {
                break;
            }
            boolean graceful = kills.size() % 2 == 1;
            int acceptedAtKill = load.acceptedSoFar();
            long at = System.currentTimeMillis();
            long killedAt = System.nanoTime();
            Duration exit = graceful ? pipeline.ingest.terminate(GRACE) : Duration.ZERO;
            if (!graceful) {
                pipeline.ingest.kill();
            }
            pipeline.ingest.restart();
            pipeline.ingest.awaitReady(FaultPipeline.START_TIMEOUT);
            kills.add(new Kill(kills.size() + 1, graceful, at, acceptedAtKill, exit,
                    Duration.ofNanos(System.nanoTime() - killedAt)));
        }
        FeedbackLoad.Result result = load.result().get(10, TimeUnit.MINUTES);

        // then every event is one item: nothing lost, nothing doubled, not even on the raw topic
        DeliveryAudit.Report report = DeliveryAudit.audit(pipeline.bootstrapServers(), result, Duration.ofMinutes(5));
        // 503 not-ready: "Stopping" from a SIGTERM on (ShutdownGate), otherwise a keyed retry before the view caught up.
        List<FeedbackLoad.Attempt> notReady = result.attempts().stream()
                .filter(a -> a.status() == 503 && a.failure() != null && a.failure().contains("urn:hypercare:problem:not-ready"))
                .toList();
        long stopping = notReady.stream().filter(a -> a.failure().contains("\"title\":\"Stopping\"")).count();
        // A cut-off event whose later attempt was answered as a replay: its record was in Kafka without an answer.
        Set<Integer> replayedEvents = result.attempts().stream().filter(FeedbackLoad.Attempt::replayed)
                .map(FeedbackLoad.Attempt::event).collect(Collectors.toSet());
        Map<Kill, Integer> cutOffs = new LinkedHashMap<>();
        Map<Kill, Long> landedUnanswered = new LinkedHashMap<>();
        for (Kill kill : kills) {
            Set<Integer> cutOff = kill.cutOff(result.attempts());
            long landed = cutOff.stream().filter(replayedEvents::contains).count();
            cutOffs.put(kill, cutOff.size());
            landedUnanswered.put(kill, landed);
            System.out.printf("IngestKillIT: kill %d (%s) at %d accepted, ready again after %.1f s: requests cut off %d, "
                            + "of which already in Kafka (their retry answered as a replay) %d%n",
                    kill.number(), kill.graceful() ? String.format("SIGTERM, exited after %.1f s", kill.exit().toMillis() / 1e3) : "SIGKILL",
                    kill.acceptedAtKill(), kill.readyAfter().toMillis() / 1e3, cutOff.size(), landed);
        }
        System.out.println(report.summary("IngestKillIT") + " ingest-kills=" + kills.size()
                + " stopping-503=" + stopping + " catching-up-503=" + (notReady.size() - stopping)
                + " raw-duplicates=" + report.duplicatedRaw()
                + " seconds=" + result.millis() / 1000);
        String logs = "logs under " + pipeline.logs();
        assertThat(kills).as("ingest-service kills while the load ran").hasSize(KILLS);
        assertThat(kills.stream().filter(kill -> !kill.graceful()).mapToInt(cutOffs::get).sum())
                .as("requests a SIGKILL cut off (else the test killed nothing in flight)").isPositive();
        ExactlyOnce.assertHeld(report, settings.events(), true, logs);
        // One replica: the only way to a second raw record of one id would be a retry published before the
        // restarted service had read the first (what the not-ready 503 prevents).
        assertThat(report.duplicatedRaw()).as("ids more than once on the raw topic; " + logs).isZero();
        // A graceful stop answers every request it took on (quarkus.shutdown.timeout): none is in Kafka unanswered,
        // which for a client without an idempotency key would be a second item after its retry.
        kills.stream().filter(Kill::graceful).forEach(kill -> assertThat(landedUnanswered.get(kill))
                .as("requests in Kafka but unanswered at SIGTERM %d; %s", kill.number(), logs).isZero());
    }

    /**
     * One kill of the ingest-service.
     *
     * @param at epoch millis of the signal
     */
    private record Kill(int number, boolean graceful, long at, int acceptedAtKill, Duration exit, Duration readyAfter) {

        /**
         * Events with an attempt that never got an answer, sent before the process was gone: under way at the signal,
         * or sent while a SIGTERM's stop was in progress (the ones a drain that still takes new requests could publish
         * and then close on).
         */
        Set<Integer> cutOff(List<FeedbackLoad.Attempt> attempts) {
            Set<Integer> events = new HashSet<>();
            long gone = at + exit.toMillis();
            for (FeedbackLoad.Attempt a : attempts) {
                if (a.status() == FeedbackLoad.Attempt.NO_ANSWER && a.sentAt() <= gone && a.answeredAt() >= at) {
                    events.add(a.event());
                }
            }
            return events;
        }
    }
}
