package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Category;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Priority;
import dev.hypercare.testing.EmbeddedKafka;
import dev.hypercare.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's path, end to end: the three packaged services as separate processes on one real
 * broker; feedback goes in over HTTP and is read back from the topics ops teams consume.
 */
class PipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafka kafka;
    private static ServiceProcess ingest;
    private static ServiceProcess triage;
    private static ServiceProcess metrics;
    private static IngestClient client;

    // "run" before the hex: a test quotes the release in its text, and eight hex characters that happen to be all
    // digits after a '-' are a phone number to the ingest-service's scrubber ("e2e-[PHONE]", 2 % of runs).
    private final String release = "e2e-run" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPipeline() throws Exception {
        kafka = EmbeddedKafka.shared();
        Path work = Path.of("target", "e2e", UUID.randomUUID().toString());
        // Started together, then awaited: the JVMs boot in parallel.
        ingest = ServiceProcess.start("ingest", kafka.bootstrapServers(), work.resolve("ingest"), Map.of());
        triage = ServiceProcess.start("triage", kafka.bootstrapServers(), work.resolve("triage"), Map.of());
        metrics = ServiceProcess.start("metrics", kafka.bootstrapServers(), work.resolve("metrics"), Map.of());
        for (ServiceProcess service : new ServiceProcess[] {ingest, triage, metrics}) {
            service.awaitReady(WAIT);
        }
        client = new IngestClient(ingest.baseUrl());
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {ingest, triage, metrics}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void anOutageReportReachesTheP1TopicAndItsFirstResponseTimeReachesTheKpis() throws Exception {
        // given an outage reported through the API
        Map<String, Object> outage = IngestClient.feedback("webshop", release,
                "Checkout is down for everyone, every payment fails with a 500 error.");
        outage.put("affectedUsers", 500);
        IngestClient.Accepted accepted = client.submit(outage);
        String id = accepted.feedbackId();

        // then the on-call team sees it on the P1 topic, explained
        var onP1 = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.PRIORITY_P1, id, WAIT);
        assertThat(onP1).as("outage report on %s", Topics.PRIORITY_P1.name()).isNotNull();
        assertThat(onP1.value().priority()).isEqualTo(Priority.P1);
        assertThat(onP1.value().feedback().release()).isEqualTo(release);
        assertThat(onP1.value().decision().explanation().matrixCell()).isNotBlank();

        // when support records that it responded 42 s after the report was received
        client.recordLifecycle(id, Map.of("type", "RESPONDED", "actor", "on-call",
                "occurredAt", accepted.receivedAt().plusSeconds(42).toString()));

        // then the KPI topic holds that item's first-response time: exactly those 42 s
        String kpiKey = Kpi.key(release, "first-response-ms", "item=" + id, Kpi.WHOLE_PERIOD);
        var kpi = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.KPIS, kpiKey, WAIT);
        assertThat(kpi).as("KPI %s", kpiKey).isNotNull();
        assertThat(kpi.value().unit()).isEqualTo("ms");
        assertThat(kpi.value().value()).as("first response 42 s after receipt").isEqualTo(42_000.0);

        // and the query API serves the release's KPIs (the per-item ones on request)
        var kpis = HTTP.send(HttpRequest.newBuilder(URI.create(metrics.baseUrl() + "/api/v1/kpis?items=true&release=" + release)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kpis.statusCode()).isEqualTo(200);
        assertThat(kpis.body()).contains(kpiKey).contains(Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD));
    }

    @Test
    void praiseIsCategorisedAsPraiseOnTheP4TopicAndTheTriageApiAnswersP4ForIt() throws Exception {
        // given praise, with no impact given
        String id = client.submit(IngestClient.feedback("webshop", release,
                "Love the new dashboard, great job to the whole team!")).feedbackId();

        // then it is on the P4 topic as praise
        var onP4 = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.PRIORITY_P4, id, WAIT);
        assertThat(onP4).as("praise on %s", Topics.PRIORITY_P4.name()).isNotNull();
        assertThat(onP4.value().decision().category()).isEqualTo(Category.PRAISE);

        // and the triage-service's query API gives the same decision
        var triaged = HTTP.send(HttpRequest.newBuilder(URI.create(triage.baseUrl() + "/api/v1/triage/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(triaged.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(triaged.body()).path("priority").asText()).isEqualTo("P4");
    }

    @Test
    void aFirstScriptsMinimalFeedbackIsAnswered200AtTheRootPathAndIsTriaged() throws Exception {
        // given the three fields of README's simplest client, posted to {base}/feedback
        String comments = "The new feature is great, but I encountered a bug. " + release;
        Map<String, Object> minimal = Map.of("user_id", "12345", "comments", comments,
                "time_submitted", "2023-10-15T10:20:00Z");

        // when it is submitted: 200, the only status such a script takes for success
        String id = client.submitMinimal(minimal).feedbackId();

        // then it is triaged with its comments as the text, and, with no API key to name them, the documented
        // defaults as app and release (hypercare.ingest.minimal.source-app, hypercare.ingest.default-release)
        var onTriaged = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.FEEDBACK_TRIAGED, id, WAIT);
        assertThat(onTriaged).as("minimal feedback on %s", Topics.FEEDBACK_TRIAGED.name()).isNotNull();
        assertThat(onTriaged.value().feedback().text()).isEqualTo(comments);
        assertThat(onTriaged.value().feedback().sourceApp()).isEqualTo("api-client");
        assertThat(onTriaged.value().feedback().release()).isEqualTo("current");
    }
}
