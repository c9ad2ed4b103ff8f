package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's newcomer path, literally: {@code ./hypercare start} (the detached form of
 * {@code ./hypercare run}), the README's own curl body, {@code ./hypercare tail p1},
 * {@code ./hypercare demo}, {@code ./hypercare stop}. Runs on free ports and its own
 * {@code HYPERCARE_HOME}, so it never meets a developer's running pipeline.
 */
class QuickstartIT {

    private static Launcher hypercare;

    @BeforeAll
    static void startTheLocalPipelineAsTheReadmeSays() throws Exception {
        hypercare = new Launcher("quickstart-home");

        Launcher.Result start = hypercare.run(Duration.ofMinutes(3), "start");

        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("Hypercare is up");
    }

    @AfterAll
    static void stop() throws Exception {
        Launcher.Result stop = hypercare.run(Duration.ofSeconds(60), "stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        for (String port : List.of("KAFKA_PORT", "INGEST_PORT", "TRIAGE_PORT", "METRICS_PORT")) {
            assertThat(Launcher.portOpen(hypercare.port(port))).as("%s closed after stop", port).isFalse();
        }
    }

    @Test
    void theReadmeCurlReportLandsOnTheP1TopicShownByTail() throws Exception {
        // given the body of the README's curl example
        String body = readmeCurlBody();

        // when it is posted to the ingest API
        String id = new IngestClient("http://localhost:" + hypercare.port("INGEST_PORT")).submit(body).feedbackId();

        // then `./hypercare tail p1` prints it
        assertThat(tailUntil("p1", id, Duration.ofSeconds(60))).as("./hypercare tail p1 shows %s", id).isTrue();
    }

    @Test
    void statusShowsTheBrokerAndEachServiceRunningAndReady() throws Exception {
        Launcher.Result status = hypercare.run(Duration.ofSeconds(30), "status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("kafka    running (pid ").contains("on 127.0.0.1:" + hypercare.port("KAFKA_PORT"));
        for (String service : List.of("ingest", "triage", "metrics")) {
            String port = String.valueOf(hypercare.port(service.toUpperCase(Locale.ROOT) + "_PORT"));
            assertThat(status.output()).as(service)
                    .containsPattern("(?m)^" + service + " +running \\(pid \\d+\\) on :" + port + " \"status\":\"UP\"$");
        }
    }

    @Test
    void theDemoShowsItemsRoutedToP1AndP4TheKpisAndTheSimplestClientsAnswer200() throws Exception {
        Launcher.Result demo = hypercare.run(Duration.ofMinutes(2), "demo");

        assertThat(demo.exitCode()).as(demo.output()).isZero();
        // "-> topic" is an item's own routing line: the demo names the P1 topic in its spike notes too.
        assertThat(demo.output())
                .contains("-> hypercare.feedback.priority.p1")
                .contains("-> hypercare.feedback.priority.p4")
                .contains("|first-response-ms|item=")
                .contains("|volume|all|period")
                .contains("  -> HTTP 200 ")
                // The uptime step ends with the release's state, whether or not an outage reported before the demo
                // (the README's curl, when that test ran first) keeps it open; it used to wait 30 s for a close.
                .contains("/uptime: ")
                .doesNotContain("no closed outage interval");
    }

    @Test
    void aRulesVersionPublishedWithTheLauncherTakesEffectLiveAndResetBringsBackTheDefaults() throws Exception {
        // given the shipped rules under a version of our own, as a team edits its copy
        String version = "quickstart-" + UUID.randomUUID();
        Path rules = hypercare.home.resolveSibling("quickstart-rules.json");
        Files.writeString(rules, Files.readString(Launcher.ROOT.resolve("triage-service/src/main/resources/default-rules.json"))
                .replaceFirst("\"version\"\\s*:\\s*\"[^\"]*\"", "\"version\": \"" + version + "\""));

        // when
        Launcher.Result published = hypercare.run(Duration.ofSeconds(60), "publish", "triage-policy", rules.toString());

        // then the running triage-service answers with it, no restart
        assertThat(published.exitCode()).as(published.output()).isZero();
        assertThat(activeRulesVersionBecomes(version)).as("active rules version %s", version).isTrue();

        // and --reset puts the shipped defaults back; a file that is not JSON is refused before it reaches the topic
        Path broken = hypercare.home.resolveSibling("quickstart-broken.json");
        Files.writeString(broken, "{\"version\": oops");
        Launcher.Result refused = hypercare.run(Duration.ofSeconds(60), "publish", "triage-policy", broken.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("publish: " + broken + ": not JSON");
        Launcher.Result reset = hypercare.run(Duration.ofSeconds(60), "publish", "triage-policy", "--reset");
        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(activeRulesVersionBecomes("2026.11.3-default")).isTrue();
    }

    private static boolean activeRulesVersionBecomes(String version) throws Exception {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + hypercare.port("TRIAGE_PORT") + "/api/v1/triage-rules")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && version.equals(Json.mapper().readTree(response.body()).path("activeVersion").asText())) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The JSON after {@code -d '} in the README's first curl POST to /api/v1/feedback. */
    private static String readmeCurlBody() throws IOException {
        String readme = Files.readString(Launcher.ROOT.resolve("README.md"));
        Matcher curl = Pattern.compile("curl [^\\n]*-X POST http://localhost:8080/api/v1/feedback.*?-d '([^']*)'", Pattern.DOTALL)
                .matcher(readme);
        assertThat(curl.find()).as("README has a curl POST to /api/v1/feedback").isTrue();
        JsonNode parsed = Json.mapper().readTree(curl.group(1));
        assertThat(parsed.path("text").asText()).isNotBlank();
        return curl.group(1);
    }

    private static boolean tailUntil(String topic, String expected, Duration timeout) throws Exception {
        Process tail = hypercare.process("tail", topic).start();
        try {
            CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains(expected)) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
            return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            tail.destroyForcibly().waitFor();
        }
    }
}
