package dev.hypercare.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.ingest.support.ShortKafkaTimeouts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With no broker at all (a closed port), the service still starts, reports not-ready, and answers
 * 503 with Retry-After: never a 202 for a record that is not in Kafka. No mock: a real producer
 * against a real absent broker.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ShortKafkaTimeouts.with(Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:1",
                    "hypercare.topics.timeout", "1S",
                    "hypercare.topics.retry-interval", "1S",
                    "kafka.default.api.timeout.ms", "1500"));
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterForFeedbackWhenKafkaIsUnreachable() {
        for (int attempt = 0; attempt < 2; attempt++) { // the channel keeps answering after a failure
            given().contentType(ContentType.JSON)
                    .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"It crashes\"}")
                    .when().post("/api/v1/feedback")
                    .then().statusCode(503)
                    .header("Retry-After", equalTo("7"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body("type", equalTo("urn:hypercare:problem:kafka-unavailable"))
                    .body("feedbackId", equalTo(null));
        }
    }

    @Test
    void shouldAnswer503NotTheSuccess200ToTheMinimalShapeWhenKafkaIsUnreachable() {
        given().contentType(ContentType.JSON)
                .body("{\"user_id\":\"12345\",\"comments\":\"It crashes\",\"time_submitted\":\"2023-10-15T10:20:00Z\"}")
                .when().post("/feedback")
                .then().statusCode(503)
                .header("Retry-After", equalTo("7"))
                .contentType("application/problem+json")
                // The minimal shape is keyed by its content, and a key needs the feedback view, which could not read
                // the raw topic without a broker: refused before any publish is tried (KeyedSubmissionBeforeCatchUpTest).
                .body("type", equalTo("urn:hypercare:problem:not-ready"));
    }

    @Test
    void shouldAnswer503WithRetryAfterForLifecycleEventsWhenKafkaIsUnreachable() {
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json");
    }

    @Test
    void shouldStillValidateBeforeTouchingKafka() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400);
    }

    @Test
    void shouldReportNotReadyWhileTopicsCannotBeProvisioned() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.name", hasItem("hypercare-topics"))
                .body(not(containsString("\"status\":\"UP\",\"checks\"")));
    }
}
