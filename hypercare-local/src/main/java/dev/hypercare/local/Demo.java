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
 * Then the issue-8 features: the simplest client's exchange ({@code POST /feedback}, minimal JSON,
 * Bearer token, answered 200), the release's uptime as users saw it once the outage is resolved, and
 * its volume-spike state after a burst of reports. A feature the running services do not offer (an
 * older build) is reported as skipped, and the demo goes on.
 *
 * <pre>java -cp hypercare-local.jar dev.hypercare.local.Demo [--ingest http://localhost:8080] ...</pre>
 */
public final class Demo {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SPIKE_COMPONENT = "search";

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
    private final String token;
    private final String sourceApp;
    /** Items triage flagged OUTAGE: the demo resolves them to show an outage interval closing. */
    private final List<String> outages = new ArrayList<>();

    private Demo(String ingest, String triage, String metrics, String release, String token, String sourceApp) {
        this.ingest = ingest;
        this.triage = triage;
        this.metrics = metrics;
        this.release = release;
        this.token = token;
        this.sourceApp = sourceApp;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parseOrExit(args, Map.of(
                "ingest", "http://localhost:8080",
                "triage", "http://localhost:8081",
                "metrics", "http://localhost:8082",
                "release", "2.4.0",
                "source-app", "webshop",
                // The Bearer token of every request to the ingest-service: an API key of --source-app with the submit
                // and lifecycle scopes when it checks keys (HYPERCARE_INGEST_AUTH_ENABLED=true), ignored in the local
                // run, where keys are off.
                "token", "demo-token",
                "spike-burst", "12"));
        Demo demo = new Demo(options.get("ingest"), options.get("triage"), options.get("metrics"), options.get("release"),
                options.get("token"), options.get("source-app"));
        try {
            demo.run();
            demo.simplestClient();
            demo.uptime();
            demo.volumeSpike(Integer.parseInt(options.get("spike-burst")));
        } catch (IllegalStateException | java.net.ConnectException e) {
            // what went wrong, for the person at the terminal; the stack trace would only bury it
            System.err.println("demo: " + (e instanceof java.net.ConnectException
                    ? "cannot connect to the pipeline (" + demo.ingest + ", " + demo.triage + ", " + demo.metrics
                            + "); is it running? ./hypercare status" : e.getMessage()));
            System.exit(1);
        }
    }

    private void run() throws Exception {
        // A first report on the component the spike step bursts on later: spike detection compares a
        // component's windows with its own baseline, which starts with its first arrival.
        String baseline = post(ingest + "/api/v1/feedback", Map.of("sourceApp", sourceApp, "release", release, "channel", "API",
                "component", SPIKE_COMPONENT, "text", "Search feels slower than before the release."), 202).path("feedbackId").asText();
        System.out.printf("Submitted %s: \"Search feels slower than before the release.\" (component %s: the baseline of the"
                + " volume-spike step at the end)%n", baseline, SPIKE_COMPONENT);
        System.out.printf("Submitting %d more feedback items for %s %s to %s/api/v1/feedback (the channel field says where"
                + " each came from: an app relaying Slack, e-mail or form feedback)%n%n", SAMPLES.size(), sourceApp, release, ingest);
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
            if (decision.path("flags").toString().contains("\"OUTAGE\"")) {
                outages.add(entry.getKey());
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
        System.out.printf("%nKPIs of release %s (%s/api/v1/kpis?release=%s&window=period&items=true):%n", release, metrics, release);
        for (JsonNode kpi : kpis) {
            System.out.printf("  %-60s %10.0f %-5s (n=%d)%n", kpi.path("key").asText(), kpi.path("value").asDouble(),
                    kpi.path("unit").asText(), kpi.path("count").asLong());
        }
    }

    /**
     * The exchange of issue 8's "simplest client": {@code POST /feedback}, minimal JSON, Bearer token,
     * and only 200 counts as success; then where triage put it.
     */
    private void simplestClient() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", "12345");
        body.put("comments", "The new feature is great, but I encountered a bug: the invoice PDF is empty.");
        body.put("time_submitted", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        String url = ingest + "/feedback";
        System.out.printf("%nThe simplest client: POST %s%n  Content-Type: application/json%n  Authorization: Bearer %s%n  %s%n",
                url, token, JSON.writeValueAsString(body));
        HttpResponse<String> response = postRaw(url, body);
        System.out.printf("  -> HTTP %d %s%n", response.statusCode(), response.body());
        if (response.statusCode() != 200) {
            System.out.println("  (skipped: this ingest-service does not take the minimal shape with 200; an older build?)");
            return;
        }
        String id = JSON.readTree(response.body()).path("feedbackId").asText();
        JsonNode triaged = awaitTriage(id);
        System.out.printf("  triaged %s: %s %s, release %s, source app %s -> %s%n", id, triaged.path("priority").asText(),
                triaged.path("decision").path("category").asText(), triaged.path("feedback").path("release").asText(),
                triaged.path("feedback").path("sourceApp").asText(),
                Topics.forPriority(Priority.valueOf(triaged.path("priority").asText())).name());
    }

    /**
     * Uptime as users saw it: resolves the outage reports and shows the release's uptime with its
     * outage intervals, from the metrics-service's API (or its KPI when the API has no uptime path).
     */
    private void uptime() throws Exception {
        System.out.printf("%nUptime of release %s as users saw it (down while an outage report is open):%n", release);
        for (String id : outages) {
            HttpResponse<String> resolved = postRaw(ingest + "/api/v1/feedback/" + id + "/events",
                    Map.of("type", "RESOLVED", "actor", "on-call", "note", "Payment provider failover done."));
            System.out.printf("  on-call resolves outage %s -> HTTP %d%n", id, resolved.statusCode());
        }
        Instant deadline = Instant.now().plus(WAIT);
        // While a report the demo did not send (e.g. the README's curl) keeps the release's outage open, no close can come:
        // the state is shown after a moment for the demo's resolutions to be counted, naming those reports.
        Instant showOpenAfter = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = poll(metrics + "/api/v1/releases/" + release + "/uptime");
            if (response == null) {
                continue;
            }
            if (response.statusCode() == 200) {
                JsonNode uptime = JSON.readTree(response.body());
                boolean closed = !uptime.path("outageOpen").asBoolean(true) && uptime.path("intervals").size() > 0;
                List<String> othersOpen = openReportsNotOurs(uptime);
                boolean openByOthers = !othersOpen.isEmpty() && Instant.now().isAfter(showOpenAfter);
                if (outages.isEmpty() || closed || openByOthers) {
                    System.out.printf("  %s/api/v1/releases/%s/uptime: %.2f %% of %d s up (%d s down), outage open: %s%n",
                            metrics, release, uptime.path("percent").asDouble(), uptime.path("periodMs").asLong() / 1000,
                            uptime.path("downtimeMs").asLong() / 1000, uptime.path("outageOpen").asBoolean());
                    for (JsonNode interval : uptime.path("intervals")) {
                        System.out.printf("    outage %s .. %s (%d ms), reports %s%n", interval.path("start").asText(),
                                interval.path("open").asBoolean() ? "open" : interval.path("end").asText(),
                                interval.path("durationMs").asLong(), interval.path("reports"));
                    }
                    if (openByOthers) {
                        System.out.printf("  The outage stays open: %s, not sent by this demo, is still unresolved (the demo resolves%n"
                                + "  only its own reports). Resolve it to close the outage:%n"
                                + "    curl -X POST %s/api/v1/feedback/<feedbackId>/events -H 'Content-Type: application/json' "
                                + "-d '{\"type\":\"RESOLVED\",\"actor\":\"on-call\"}'%n", othersOpen, ingest);
                    }
                    return;
                }
            } else if (noSuchPath(response)) {
                // No uptime path in this metrics-service: the KPI, if it computes one.
                JsonNode kpi = kpi("uptime");
                if (kpi != null) {
                    System.out.printf("  KPI %s: %.2f %s, details %s%n", kpi.path("key").asText(), kpi.path("value").asDouble(),
                            kpi.path("unit").asText(), kpi.path("details"));
                } else {
                    System.out.println("  (skipped: this metrics-service computes no uptime; an older build?)");
                }
                return;
            }
            Thread.sleep(300);
        }
        System.out.println("  (no closed outage interval within " + WAIT + ")");
    }

    /**
     * Volume spikes: a burst of reports on one component, then the release's spike state per component.
     * A spike needs a warm baseline (by default 3 windows of 5 minutes), so a first demo run shows the
     * detector warming up; with short windows (hypercare.metrics.spikes.*, docs/metrics.md) it shows the alert.
     */
    private void volumeSpike(int burst) throws Exception {
        if (burst <= 0) {
            return;
        }
        System.out.printf("%nVolume spikes: %d reports on component \"%s\" within seconds...%n", burst, SPIKE_COMPONENT);
        for (int i = 0; i < burst; i++) {
            post(ingest + "/api/v1/feedback", Map.of("sourceApp", sourceApp, "release", release, "channel", "API",
                    "component", SPIKE_COMPONENT, "text", "Search returns no results for any query (" + (i + 1) + ")"), 202);
        }
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode spikes = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = poll(metrics + "/api/v1/releases/" + release + "/spikes");
            if (response == null) {
                continue;
            }
            if (noSuchPath(response)) {
                System.out.println("  (skipped: this metrics-service has no volume-spike API; an older build?)");
                return;
            }
            if (response.statusCode() == 200) {
                spikes = JSON.readTree(response.body());
                JsonNode search = component(spikes, SPIKE_COMPONENT);
                if (search != null && (search.path("count").asLong() >= burst || search.path("active").asBoolean())) {
                    break;
                }
            }
            Thread.sleep(300);
        }
        if (spikes == null) {
            System.out.println("  (the metrics-service did not answer " + metrics + "/api/v1/releases/" + release + "/spikes)");
            return;
        }
        System.out.printf("  %s/api/v1/releases/%s/spikes:%n", metrics, release);
        System.out.printf("    %-12s %-22s %6s %9s %-5s %-6s %s%n", "component", "window from", "count", "baseline", "warm", "spike", "spikes so far");
        for (JsonNode c : spikes) {
            System.out.printf("    %-12s %-22s %6d %9s %-5s %-6s %d%n", c.path("component").asText(), c.path("windowStart").asText(),
                    c.path("count").asLong(), c.path("baseline").isNull() ? "-" : c.path("baseline").asText(),
                    c.path("warm").asBoolean(), c.path("active").asBoolean() ? "ON" : "off", c.path("spikes").asLong());
        }
        JsonNode search = component(spikes, SPIKE_COMPONENT);
        if (search != null && search.path("active").asBoolean()) {
            JsonNode spike = search.path("spike");
            System.out.printf("  SPIKE on \"" + SPIKE_COMPONENT + "\": %s reports in the window from %s (baseline %s, threshold %s): one P1 alert "
                            + "on %s, key volume-spike:%s|" + SPIKE_COMPONENT + "|%s%n", spike.path("count").asText(), spike.path("windowStart").asText(),
                    spike.path("baseline").asText(), spike.path("threshold").asText(), Topics.PRIORITY_P1.name(), release,
                    spike.path("windowStart").asText());
        } else {
            System.out.println("  No spike alert yet: the detector compares each window with the component's baseline once it");
            System.out.println("  has seen its warm-up windows (\"warm\": by default 3 windows of 5 minutes), and then alerts once");
            System.out.println("  per spike on " + Topics.PRIORITY_P1.name() + " (more than 3 x baseline and at least 10 reports).");
            System.out.println("  To see one in this demo, start the pipeline with 10-second windows and one warm-up window:");
            System.out.println("  HYPERCARE_METRICS_SPIKES_WINDOW=PT10S HYPERCARE_METRICS_SPIKES_WARM_UP_WINDOWS=1 ./hypercare run");
        }
    }

    /** Reports of the release's open outage interval that this demo did not send. */
    private List<String> openReportsNotOurs(JsonNode uptime) {
        List<String> others = new ArrayList<>();
        for (JsonNode interval : uptime.path("intervals")) {
            if (interval.path("open").asBoolean()) {
                interval.path("reports").forEach(id -> {
                    if (!outages.contains(id.asText())) {
                        others.add(id.asText());
                    }
                });
            }
        }
        return others;
    }

    /** A 404 of the HTTP layer (no such path in this build), not the service's own problem+json 404. */
    private static boolean noSuchPath(HttpResponse<String> response) {
        return response.statusCode() == 404 && !response.body().contains("\"status\"");
    }

    private static JsonNode component(JsonNode spikes, String name) {
        for (JsonNode c : spikes) {
            if (name.equals(c.path("component").asText())) {
                return c;
            }
        }
        return null;
    }

    /** The release's whole-period KPI of that name, or null. */
    private JsonNode kpi(String name) throws Exception {
        HttpResponse<String> response = get(metrics + "/api/v1/kpis?release=" + release + "&kpi=" + name);
        if (response.statusCode() != 200) {
            return null;
        }
        for (JsonNode kpi : JSON.readTree(response.body())) {
            if (Kpi.WHOLE_PERIOD.equals(kpi.path("window").asText())) {
                return kpi;
            }
        }
        return null;
    }

    private HttpResponse<String> postRaw(String url, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(15))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": the ingest-service checks API "
                    + "keys; run the demo with the key of its source app (" + sourceApp + ", scopes submit and lifecycle): "
                    + "./hypercare demo --token <key> [--source-app <app>]. " + response.body());
        }
        return response;
    }

    private JsonNode awaitTriage(String feedbackId) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = poll(triage + "/api/v1/triage/" + feedbackId);
            if (response != null && response.statusCode() == 200) {
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
            // items=true: the per-item first-response KPIs are left out of the listing unless asked for
            HttpResponse<String> response = poll(metrics + "/api/v1/kpis?release=" + release + "&window=" + Kpi.WHOLE_PERIOD
                    + "&items=true");
            if (response != null && response.statusCode() == 200) {
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
        HttpResponse<String> response = postRaw(url, body);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** One poll of a waiting loop: a request that timed out (a busy service) is "not yet", null. */
    private HttpResponse<String> poll(String url) throws IOException, InterruptedException {
        try {
            return get(url);
        } catch (java.net.http.HttpTimeoutException busy) {
            return null;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 90 ? text : text.substring(0, 87) + "...";
    }
}
