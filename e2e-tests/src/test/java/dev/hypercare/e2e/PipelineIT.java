package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

    private final String release = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

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
        String id = submit("Checkout is down for everyone, every payment fails with a 500 error.", 500);

        // then the on-call team sees it on the P1 topic, explained
        var onP1 = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.PRIORITY_P1, id, WAIT);
        assertThat(onP1).as("outage report on %s", Topics.PRIORITY_P1.name()).isNotNull();
        assertThat(onP1.value().priority()).isEqualTo(Priority.P1);
        assertThat(onP1.value().feedback().release()).isEqualTo(release);
        assertThat(onP1.value().decision().explanation().matrixCell()).isNotBlank();

        // when support responds
        var response = post(ingest.baseUrl() + "/api/v1/feedback/" + id + "/events",
                Map.of("type", "RESPONDED", "actor", "on-call"));
        assertThat(response.statusCode()).isEqualTo(202);

        // then the KPI topic holds that item's first-response time
        String kpiKey = Kpi.key(release, "first-response-ms", "item=" + id, Kpi.WHOLE_PERIOD);
        var kpi = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.KPIS, kpiKey, WAIT);
        assertThat(kpi).as("KPI %s", kpiKey).isNotNull();
        assertThat(kpi.value().unit()).isEqualTo("ms");
        assertThat(kpi.value().value()).isGreaterThanOrEqualTo(0);

        // and the query API serves the release's KPIs
        var kpis = HTTP.send(HttpRequest.newBuilder(URI.create(metrics.baseUrl() + "/api/v1/kpis?release=" + release)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kpis.statusCode()).isEqualTo(200);
        assertThat(kpis.body()).contains(kpiKey).contains(Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD));
    }

    @Test
    void praiseLandsOnTheP4Topic() throws Exception {
        String id = submit("Love the new dashboard, great job to the whole team!", null);

        var onP4 = TopicReader.awaitKey(kafka.bootstrapServers(), Topics.PRIORITY_P4, id, WAIT);

        assertThat(onP4).as("praise on %s", Topics.PRIORITY_P4.name()).isNotNull();
        assertThat(onP4.value().decision().category()).isEqualTo(Category.PRAISE);
        var triaged = HTTP.send(HttpRequest.newBuilder(URI.create(triage.baseUrl() + "/api/v1/triage/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(triaged.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(triaged.body()).path("priority").asText()).isEqualTo("P4");
    }

    private String submit(String text, Integer affectedUsers) throws Exception {
        var body = new java.util.HashMap<String, Object>(Map.of(
                "sourceApp", "webshop", "release", release, "channel", "API", "text", text));
        if (affectedUsers != null) {
            body.put("affectedUsers", affectedUsers);
        }
        var response = post(ingest.baseUrl() + "/api/v1/feedback", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = Json.mapper().readTree(response.body());
        return accepted.path("feedbackId").asText();
    }

    private static HttpResponse<String> post(String url, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
