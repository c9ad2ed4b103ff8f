package dev.hypercare.ingest.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.ingest.privacy.ReporterCipher;
import dev.hypercare.ingest.support.ApiKeysOn;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "the simplest client works unchanged": the exact exchange of a minimal script (only its
 * two headers, only its three fields, only 200 counts as success), replayed byte for byte with the
 * JDK's HTTP client so that no test library adds a header or a charset, with API keys on.
 */
@QuarkusTest
@TestProfile(ApiKeysOn.class)
@WithTestResource(KafkaBrokerResource.class)
class SimplestClientTest {

    static final String TOKEN = ApiKeysOn.MOBILE;
    static final String NO_RELEASE_TOKEN = ApiKeysOn.KIOSK;
    static final String BODY = "{\"user_id\": \"12345\", \"comments\": \"The new feature is great, but I encountered a bug.\", "
            + "\"time_submitted\": \"2023-10-15T10:20:00Z\"}";

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ReporterCipher cipher;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** What the script does: POST {base}/feedback with exactly these two headers and this body. */
    private HttpResponse<String> script(String base, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/feedback"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return root.toString().replaceAll("/$", "");
    }

    @Test
    void shouldAnswer200WithTheIdAndStoreTheMinimalShapeUnderTheKeysAppAndRelease() throws Exception {
        // given
        Instant before = Instant.now().minusMillis(1);

        // when
        HttpResponse<String> response = script(base(), TOKEN, BODY);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode answer = json.readTree(response.body());
        String feedbackId = answer.path("feedbackId").asText();
        assertThat(feedbackId).matches("[0-9a-f-]{36}");

        List<ConsumerRecord<String, RawFeedback>> records = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId);
        assertThat(records).hasSize(1);
        RawFeedback stored = records.get(0).value();
        assertThat(stored.sourceApp()).isEqualTo("mobile-app");
        assertThat(stored.release()).isEqualTo("5.1.0");
        assertThat(stored.channel()).isEqualTo(FeedbackChannel.API);
        assertThat(stored.text()).isEqualTo("The new feature is great, but I encountered a bug.");
        assertThat(stored.clientTimestamp()).isEqualTo(Instant.parse("2023-10-15T10:20:00Z"));
        assertThat(stored.receivedAt()).isAfter(before).isEqualTo(Instant.parse(answer.path("receivedAt").asText()));
        assertThat(stored.reporter()).startsWith("enc:v1:").doesNotContain("12345");
        assertThat(cipher.decrypt(stored.reporter(), feedbackId)).isEqualTo("12345");
        assertThat(new String(records.get(0).headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
                .isEqualTo("urn:hypercare:app:mobile-app");
    }

    @Test
    void shouldWorkUnchangedWhenTheBaseUrlIsTheVersionedApi() throws Exception {
        // given: the same script configured with base .../api/v1
        String body = BODY.replace("encountered a bug", "encountered a bug in search");

        // when
        HttpResponse<String> response = script(base() + "/api/v1", TOKEN, body);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String feedbackId = json.readTree(response.body()).path("feedbackId").asText();
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId))
                .singleElement().satisfies(r -> assertThat(r.value().release()).isEqualTo("5.1.0"));
    }

    @Test
    void shouldAnswerTheSameIdAndPublishOnceWhenTheScriptRetriesTheSameCall() throws Exception {
        // given
        String body = BODY.replace("2023-10-15T10:20:00Z", "2023-10-15T11:45:00Z");
        String first = json.readTree(script(base(), TOKEN, body).body()).path("feedbackId").asText();

        // when
        HttpResponse<String> retry = script(base(), TOKEN, body);

        // then
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json.readTree(retry.body()).path("feedbackId").asText()).isEqualTo(first);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first)).hasSize(1);
    }

    @Test
    void shouldFileUnderTheServiceDefaultReleaseWhenTheKeyNamesNone() throws Exception {
        HttpResponse<String> response = script(base(), NO_RELEASE_TOKEN, "{\"user_id\": 98765, \"comments\": \"Kiosk froze\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String feedbackId = json.readTree(response.body()).path("feedbackId").asText();
        RawFeedback stored = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId).get(0).value();
        assertThat(stored.sourceApp()).isEqualTo("kiosk");
        assertThat(stored.release()).isEqualTo("2.4.0"); // %test.hypercare.ingest.default-release
        assertThat(cipher.decrypt(stored.reporter(), feedbackId)).isEqualTo("98765");
        assertThat(stored.clientTimestamp()).isNull();
    }

    @Test
    void shouldScrubTheCommentsLikeNativeText() throws Exception {
        HttpResponse<String> response = script(base(), TOKEN,
                "{\"user_id\": \"7\", \"comments\": \"Call me at ana@example.com\", \"time_submitted\": \"2023-10-16T08:00:00Z\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        String feedbackId = json.readTree(response.body()).path("feedbackId").asText();
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId).get(0).value().text())
                .isEqualTo("Call me at [EMAIL]");
    }

    @Test
    void shouldNameTheMinimalShapesOwnFieldsInProblems() throws Exception {
        HttpResponse<String> blank = script(base(), TOKEN, "{\"user_id\": \"1\", \"comments\": \"  \", \"time_submitted\": \"yesterday\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(blank.body()).path("errors").findValuesAsText("field")).containsExactly("time_submitted");

        HttpResponse<String> noComments = script(base(), TOKEN, "{\"user_id\": \"1\", \"comments\": \"\"}");
        assertThat(noComments.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noComments.body()).path("errors").findValuesAsText("field")).containsExactly("comments");

        HttpResponse<String> objectId = script(base(), TOKEN, "{\"user_id\": {\"id\": 1}, \"comments\": \"x\"}");
        assertThat(objectId.statusCode()).isEqualTo(400);
        assertThat(json.readTree(objectId.body()).path("errors").findValuesAsText("field")).containsExactly("user_id");
    }

    @Test
    void shouldRefuseTheScriptWithoutAValidTokenWith401() throws Exception {
        HttpResponse<String> response = script(base(), TOKEN + "x", BODY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
