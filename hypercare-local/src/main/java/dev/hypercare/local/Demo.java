package dev.hypercare.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Priority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a newcomer through the running pipeline: submits a handful of realistic feedback items
 * over HTTP, shows where triage put each one (priority topic, category, why), records a support
 * response for the urgent ones, and prints the release's KPIs once the metrics-service has them.
 *
 * <pre>java -cp hypercare-local.jar dev.hypercare.local.Demo [--ingest http://localhost:8080] ...</pre>
 */
public final class Demo {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Sample(String channel, String component, Integer affectedUsers, String text) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample("API", "checkout", 1200,
                    "Checkout is down for everyone since the release: every payment fails with a 500 error."),
            new Sample("SLACK", "account", null,
                    "After logging in I can see another customer's order history. This looks like a security hole."),
            new Sample("FORM", "reports", 3,
                    "The export button on the reports page does nothing in Firefox."),
            new Sample("EMAIL", "dashboard", null,
                    "Please add a dark mode to the dashboard, it would help a lot at night."),
            new Sample("API", "account", null,
                    "How do I change the email address on my account?"),
            new Sample("FORM", "dashboard", null,
                    "Love the new dashboard, great job to the whole team!"),
            new Sample("API", "login", 300,
                    "L'application ne fonctionne plus depuis la mise à jour, impossible de se connecter."));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingest;
    private final String triage;
    private final String metrics;
    private final String release;

    private Demo(String ingest, String triage, String metrics, String release) {
        this.ingest = ingest;
        this.triage = triage;
        this.metrics = metrics;
        this.release = release;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args, Map.of(
                "ingest", "http://localhost:8080",
                "triage", "http://localhost:8081",
                "metrics", "http://localhost:8082",
                "release", "2.4.0",
                "source-app", "webshop"));
        new Demo(options.get("ingest"), options.get("triage"), options.get("metrics"), options.get("release"))
                .run(options.get("source-app"));
    }

    private void run(String sourceApp) throws Exception {
        System.out.printf("Submitting %d feedback items for %s %s to %s/api/v1/feedback%n%n",
                SAMPLES.size(), sourceApp, release, ingest);
        Map<String, Sample> submitted = new LinkedHashMap<>();
        for (Sample sample : SAMPLES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sourceApp", sourceApp);
            body.put("release", release);
            body.put("channel", sample.channel());
            body.put("component", sample.component());
            body.put("text", sample.text());
            if (sample.affectedUsers() != null) {
                body.put("affectedUsers", sample.affectedUsers());
            }
            JsonNode accepted = post(ingest + "/api/v1/feedback", body, 202);
            submitted.put(accepted.path("feedbackId").asText(), sample);
        }

        System.out.printf("%-36s  %-2s  %-15s  %-22s  %s%n", "feedback id", "P", "category", "flags", "why");
        List<String> urgent = new ArrayList<>();
        for (var entry : submitted.entrySet()) {
            JsonNode triaged = awaitTriage(entry.getKey());
            JsonNode decision = triaged.path("decision");
            String priority = triaged.path("priority").asText();
            if (priority.equals("P1") || priority.equals("P2")) {
                urgent.add(entry.getKey());
            }
            System.out.printf("%-36s  %-2s  %-15s  %-22s  %s; %s%n      \"%s\"%n      -> %s%n",
                    entry.getKey(), priority, decision.path("category").asText(),
                    decision.path("flags").toString(), decision.path("explanation").path("decidedBy").asText(),
                    decision.path("explanation").path("matrixCell").asText(),
                    abbreviate(entry.getValue().text()), Topics.forPriority(Priority.valueOf(priority)).name());
        }

        System.out.printf("%nOn-call acknowledges and responds to the %d urgent items...%n", urgent.size());
        for (String id : urgent) {
            post(ingest + "/api/v1/feedback/" + id + "/events", Map.of("type", "ACKNOWLEDGED", "actor", "on-call"), 202);
            post(ingest + "/api/v1/feedback/" + id + "/events", Map.of("type", "RESPONDED", "actor", "on-call",
                    "note", "We are on it."), 202);
        }

        JsonNode kpis = awaitKpis(urgent);
        System.out.printf("%nKPIs of release %s (%s/api/v1/kpis?release=%s):%n", release, metrics, release);
        for (JsonNode kpi : kpis) {
            System.out.printf("  %-60s %10.0f %-5s (n=%d)%n", kpi.path("key").asText(), kpi.path("value").asDouble(),
                    kpi.path("unit").asText(), kpi.path("count").asLong());
        }
    }

    private JsonNode awaitTriage(String feedbackId) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(triage + "/api/v1/triage/" + feedbackId);
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Feedback " + feedbackId + " was not triaged within " + WAIT);
    }

    /** Waits until the KPIs hold a first-response time for every urgent item. */
    private JsonNode awaitKpis(List<String> urgent) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode kpis = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(metrics + "/api/v1/kpis?release=" + release + "&window=" + Kpi.WHOLE_PERIOD);
            if (response.statusCode() == 200) {
                kpis = JSON.readTree(response.body());
                String all = kpis.toString();
                if (urgent.stream().allMatch(id -> all.contains("first-response-ms|item=" + id))) {
                    return kpis;
                }
            }
            Thread.sleep(200);
        }
        if (kpis == null) {
            throw new IllegalStateException("The metrics-service did not answer within " + WAIT);
        }
        return kpis;
    }

    private JsonNode post(String url, Object body, int expectedStatus) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 90 ? text : text.substring(0, 87) + "...";
    }
}
