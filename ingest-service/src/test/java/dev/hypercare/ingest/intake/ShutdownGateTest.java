package dev.hypercare.ingest.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.idempotency.DeterministicIds;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Once the process is told to stop, no new submission is published: a record published now could be
 * flushed to Kafka while its connection closes, in Kafka without a 202. Single events, batches and
 * lifecycle events are answered 503 with Retry-After instead, and the raw topic gets nothing. Its own
 * profile: the gate of this application instance stays closed.
 */
@QuarkusTest
@TestProfile(ShutdownGateTest.Stopping.class)
@WithTestResource(KafkaBrokerResource.class)
class ShutdownGateTest {

    public static class Stopping implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypercare.ingest.retry-after", "2S");
        }
    }

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Search is slow\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ShutdownGate gate;

    @Test
    void shouldRefuseEverySubmissionWith503AndPublishNothingOnceStopping() {
        // given: an item accepted while running
        String existing = given().contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/feedback").then().statusCode(202).extract().path("feedbackId");

        // when: the process is told to stop
        gate.close();

        // then: a keyed single event is refused and not published
        String key = "during-stop-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("2"))
                .body("type", equalTo("urn:hypercare:problem:not-ready"))
                .body("title", equalTo("Stopping"));
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, DeterministicIds.feedbackId("app:shop-web", key)))
                .isEmpty();

        // and a batch answers 503 with every item FAILED
        String clientId = "batch-during-stop-" + UUID.randomUUID();
        JsonPath batch = given().contentType(ContentType.JSON)
                .body("[{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"a\",\"clientId\":\"" + clientId + "\"}," + BODY + "]")
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(503).header("Retry-After", equalTo("2")).extract().jsonPath();
        assertThat(batch.getList("items.status")).containsExactly("FAILED", "FAILED");
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, DeterministicIds.feedbackId("app:shop-web", clientId)))
                .isEmpty();

        // and a lifecycle event for the existing item is refused too
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", existing)
                .then().statusCode(503).body("type", equalTo("urn:hypercare:problem:not-ready"));
    }
}
