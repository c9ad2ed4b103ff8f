package dev.hypercare.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code Content-Type} that is not a media type is a client error on every endpoint. Sent with the
 * JDK's HTTP client, which passes the header on byte for byte (test libraries normalise or refuse it).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ContentTypeGuardTest {

    /** Each once answered 500 on the CloudEvents endpoint (found by fuzzing the running service). */
    private static final List<String> NOT_MEDIA_TYPES = List.of("text", "/", ";", "garbage/;;", "a/b/c");

    private static final List<String> PATHS = List.of("/api/v1/cloudevents", "/api/v1/feedback", "/api/v1/feedback/batch",
            "/api/v1/channels/slack/events", "/api/v1/channels/email/inbound", "/feedback-form", "/feedback");

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldRefuseAContentTypeThatIsNotAMediaTypeWith415ProblemOnEveryEndpointNeverA500() throws Exception {
        for (String path : PATHS) {
            for (String contentType : NOT_MEDIA_TYPES) {
                HttpResponse<String> answer = post(path, contentType, "{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"x\"}");

                assertThat(answer.statusCode()).as("%s with Content-Type [%s]", path, contentType).isEqualTo(415);
                assertThat(answer.headers().firstValue("Content-Type")).as("%s [%s]", path, contentType)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                JsonNode problem = json.readTree(answer.body());
                assertThat(problem.path("status").asInt()).isEqualTo(415);
                assertThat(problem.path("detail").asText()).isEqualTo(ContentTypeGuard.NOT_A_MEDIA_TYPE);
            }
        }
    }

    @Test
    void shouldStillChooseTheCloudEventsMethodByAValidContentType() throws Exception {
        // The guard only parses: a well-formed batch type still reaches the batch method, which refuses an empty batch.
        HttpResponse<String> answer = post("/api/v1/cloudevents", "application/cloudevents-batch+json; charset=utf-8", "[]");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain(ContentTypeGuard.NOT_A_MEDIA_TYPE);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
