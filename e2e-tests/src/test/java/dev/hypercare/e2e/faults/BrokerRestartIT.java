package dev.hypercare.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.e2e.IngestClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker dies (SIGKILL) in the middle of a run and comes back on the same data directory after
 * a while. No service is restarted: the ingest-service must refuse with 503 + Retry-After (never
 * 202) while the broker is away and accept again by itself once it is back; triage and metrics
 * must resume by themselves; and, as with crashed services, nothing accepted is lost or doubled.
 *
 * <p>Size: {@code -Dhypercare.faults.events} (20000 in CI), {@code -Dhypercare.faults.rate},
 * {@code -Dhypercare.faults.broker-down-seconds} (20). See docs/reliability.md.
 */
class BrokerRestartIT {

    /** Longer than the ingest-service's ack timeout (10 s), so requests sent while it is down get answered while it is down. */
    private static final int DOWN_SECONDS = Integer.getInteger("hypercare.faults.broker-down-seconds", 20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FaultPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = FaultPipeline.start("broker-restart", true);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /**
     * One submission outside the load: what an app trying its luck during the outage gets. Its own
     * release keeps it out of the audit, which accounts for the load's attempts only.
     */
    private record Probe(long sentAt, long answeredAt, int status, String retryAfter) {
    }

    @Test
    void ingestRefusesWith503WhileTheBrokerIsDownRecoversAloneAndNothingAcceptedIsLostOrDoubled() throws Exception {
        FeedbackLoad.Settings settings = FeedbackLoad.Settings.fromSystemProperties(
                "faults-broker-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(4));
        System.out.printf("BrokerRestartIT: %s broker down %d s%n", settings, DOWN_SECONDS);

        // given an upstream app submitting feedback, a third of it accepted
        FeedbackLoad load = FeedbackLoad.start(pipeline.ingest.baseUrl(), settings);
        long progressDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (load.acceptedSoFar() < settings.events() / 3 && !load.isDone() && System.nanoTime() < progressDeadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        int acceptedBeforeKill = load.acceptedSoFar();

        // when the broker is killed, stays down, and is started again on the same data
        pipeline.broker.kill();
        long downFrom = System.currentTimeMillis();
        long restartAt = downFrom + TimeUnit.SECONDS.toMillis(DOWN_SECONDS);
        // A probe every half second while its answer can still come before the restart (ack timeout 10 s).
        List<CompletableFuture<Probe>> pending = new ArrayList<>();
        while (System.currentTimeMillis() < restartAt - 11_000) {
            pending.add(probe(settings.release()));
            TimeUnit.MILLISECONDS.sleep(500);
        }
        TimeUnit.MILLISECONDS.sleep(Math.max(0, restartAt - System.currentTimeMillis()));
        long downUntil = System.currentTimeMillis();
        pipeline.broker.restart();
        // Only the answers given while the broker was still down are evidence of the outage behaviour.
        List<Probe> probes = new ArrayList<>();
        for (CompletableFuture<Probe> probe : pending) {
            Probe answered = probe.get(60, TimeUnit.SECONDS);
            if (answered.answeredAt() <= downUntil) {
                probes.add(answered);
            }
        }
        pipeline.broker.awaitStarted(FaultPipeline.START_TIMEOUT);
        long brokerBack = System.currentTimeMillis();
        FeedbackLoad.Result result = load.result().get(10, TimeUnit.MINUTES);

        // then every request both sent and answered while the broker was down was refused with 503 + Retry-After
        List<FeedbackLoad.Attempt> duringOutage = result.attempts().stream()
                .filter(a -> a.sentAt() >= downFrom && a.answeredAt() <= downUntil)
                .toList();
        long firstAcceptAfterRestart = result.attempts().stream()
                .filter(a -> a.accepted() && a.sentAt() >= brokerBack)
                .mapToLong(FeedbackLoad.Attempt::answeredAt).min().orElse(-1);
        // and nothing accepted is lost or doubled once triage and metrics have caught up
        DeliveryAudit.Report report = DeliveryAudit.audit(pipeline.bootstrapServers(), result, Duration.ofMinutes(5));
        // Where the records answered 503 but present anyway come from: the requests caught by the kill,
        // or requests the service gave up on (ack timeout) while their record still waited to be sent.
        long unackSentBeforeKill = report.unacknowledged().stream().filter(a -> a.sentAt() < downFrom).count();
        long unackSentWhileDown = report.unacknowledged().stream()
                .filter(a -> a.sentAt() >= downFrom && a.sentAt() < brokerBack).count();
        long unackAnsweredAfterBack = report.unacknowledged().stream().filter(a -> a.answeredAt() >= brokerBack).count();
        System.out.println(report.summary("BrokerRestartIT") + " accepted-before-kill=" + acceptedBeforeKill
                + " unacknowledged-sent-before-kill=" + unackSentBeforeKill
                + " unacknowledged-sent-while-down=" + unackSentWhileDown
                + " unacknowledged-answered-after-broker-back=" + unackAnsweredAfterBack
                + " probes-while-down=" + probes.size() + " load-attempts-while-down=" + duringOutage.size()
                + " first-202-after-broker-back-ms=" + (firstAcceptAfterRestart < 0 ? -1 : firstAcceptAfterRestart - brokerBack)
                + " seconds=" + result.millis() / 1000);

        String logs = "logs under " + pipeline.logs();
        assertThat(acceptedBeforeKill).as("the broker died mid-run").isBetween(1, settings.events() - 1);
        assertThat(probes).as("submissions while the broker was down").isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.status()).as("answer while the broker is down").isEqualTo(503);
                    assertThat(p.retryAfter()).as("Retry-After of a 503").isNotBlank();
                });
        assertThat(duringOutage).as("the load's attempts sent and answered while the broker was down")
                .allSatisfy(a -> {
                    assertThat(a.status()).as("answer while the broker is down").isEqualTo(503);
                    assertThat(a.retryAfter()).as("Retry-After of a 503").isNotBlank();
                });
        assertThat(firstAcceptAfterRestart).as("a 202 after the broker came back, without restarting ingest")
                .isPositive();
        ExactlyOnce.assertHeld(report, settings.events(), settings.idempotentRetries(), logs);
    }

    private static CompletableFuture<Probe> probe(String release) {
        Map<String, Object> body = IngestClient.feedback("fault-suite", release + "-probe", "Probe while the broker is down");
        body.put("clientId", "probe-" + UUID.randomUUID());
        long sentAt = System.currentTimeMillis();
        return new IngestClient(pipeline.ingest.baseUrl(), HTTP)
                .postAsync(IngestClient.FEEDBACK, body, Map.of(), Duration.ofSeconds(30))
                .handle((response, noAnswer) -> response == null
                        ? new Probe(sentAt, System.currentTimeMillis(), FeedbackLoad.Attempt.NO_ANSWER, null)
                        : new Probe(sentAt, System.currentTimeMillis(), response.statusCode(),
                                response.headers().firstValue("Retry-After").orElse(null)));
    }
}
