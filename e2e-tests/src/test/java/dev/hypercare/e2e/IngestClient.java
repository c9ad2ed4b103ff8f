package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The end-to-end tests' one client of the ingest-service's JSON API, used as an upstream app and a
 * support tool use it. The submit and lifecycle calls assert the exact success status each endpoint
 * promises (docs/ingest.md): 202 for the native feedback shape and for lifecycle events, 200 for the
 * minimal shape of a first script. A test that wants to see any other answer (503 during an outage,
 * 4xx for bad input) uses {@link #post} or {@link #postAsync} and judges the status itself.
 */
public final class IngestClient {

    public static final String FEEDBACK = "/api/v1/feedback";

    private static final HttpClient DEFAULT_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;

    /** @param baseUrl the service root, e.g. {@code http://127.0.0.1:8080} */
    public IngestClient(String baseUrl) {
        this(baseUrl, DEFAULT_HTTP);
    }

    /** With a caller's HTTP client: a load generator brings its own executor and protocol version. */
    public IngestClient(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** What a successful submission answers: the id to quote in lifecycle events, and the receive time. */
    public record Accepted(String feedbackId, Instant receivedAt) {
    }

    /**
     * A native-shape body ({@code sourceApp}, {@code release}, {@code channel=API}, {@code text}), mutable
     * so a test can add optional fields ({@code affectedUsers}, {@code clientId}, ...).
     */
    public static Map<String, Object> feedback(String sourceApp, String release, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sourceApp", sourceApp);
        body.put("release", release);
        body.put("channel", "API");
        body.put("text", text);
        return body;
    }

    /** {@code POST /api/v1/feedback} in the native shape (a map, or JSON text as is); must answer 202. */
    public Accepted submit(Object feedback) throws Exception {
        return accepted(post(FEEDBACK, feedback), 202);
    }

    /**
     * {@code POST /feedback} in the minimal shape ({@code user_id}, {@code comments}, {@code time_submitted})
     * at the service root, as README's "simplest client" sends it; must answer 200, the only status such a
     * script treats as success.
     */
    public Accepted submitMinimal(Object minimalFeedback) throws Exception {
        return accepted(post("/feedback", minimalFeedback), 200);
    }

    /** {@code POST /api/v1/feedback/{id}/events}; must answer 202 for the item it names. */
    public void recordLifecycle(String feedbackId, Map<String, Object> event) throws Exception {
        HttpResponse<String> response = post(FEEDBACK + "/" + feedbackId + "/events", event);
        assertThat(response.statusCode()).as("POST lifecycle %s of %s: %s", event, feedbackId, response.body())
                .isEqualTo(202);
        assertThat(Json.mapper().readTree(response.body()).path("feedbackId").asText())
                .as("the lifecycle answer names the item").isEqualTo(feedbackId);
    }

    /** A JSON POST whatever it answers. */
    public HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(request(path, body, Map.of(), REQUEST_TIMEOUT), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON POST with extra headers and a timeout, answered asynchronously whatever it answers. */
    public CompletableFuture<HttpResponse<String>> postAsync(String path, Object body, Map<String, String> headers,
                                                             Duration timeout) {
        return http.sendAsync(request(path, body, headers, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, Object body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        headers.forEach(builder::header);
        return builder.build();
    }

    private static Accepted accepted(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertThat(response.statusCode()).as("POST %s: %s", response.uri().getPath(), response.body())
                .isEqualTo(expectedStatus);
        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(answer.path("feedbackId").asText()).as("feedbackId of %s", response.body()).isNotBlank();
        return new Accepted(answer.path("feedbackId").asText(), Instant.parse(answer.path("receivedAt").asText()));
    }

    /** A String is sent as it is (a README example's JSON), bytes as they are, anything else through Jackson. */
    private static byte[] json(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
