package dev.hypercare.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The Location a 202 hands out answers: {@code GET /api/v1/feedback/{id}}, against a real (in-JVM) broker. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackStatusResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theLocationOfAnAcceptedItemAnswersItsStatusWhichFollowsItsLifecycle() {
        // given an accepted item
        ExtractableResponse<Response> accepted = given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"The pay button does nothing\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract();
        String id = accepted.path("feedbackId");
        String location = URI.create(accepted.header("Location")).getPath();

        // when its Location is fetched, then it is RECEIVED, with the receive time of the 202
        given().when().get(location)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("feedbackId", equalTo(id))
                .body("receivedAt", equalTo(accepted.path("receivedAt")))
                .body("status", equalTo("RECEIVED"));

        // and after support acknowledges it, ACKNOWLEDGED; a rating keeps the resolved status
        for (String type : new String[] {"ACKNOWLEDGED", "RESOLVED"}) {
            given().contentType(ContentType.JSON).body("{\"type\":\"" + type + "\",\"actor\":\"support\"}")
                    .when().post(location + "/events").then().statusCode(202);
            given().when().get(location).then().statusCode(200).body("status", equalTo(type));
        }
        given().contentType(ContentType.JSON).body("{\"type\":\"RATED\",\"actor\":\"user\",\"rating\":5}")
                .when().post(location + "/events").then().statusCode(202);
        given().when().get("/api/v1/feedback/" + id.toUpperCase(java.util.Locale.ROOT)) // ids are case-insensitive UUIDs
                .then().statusCode(200).body("feedbackId", equalTo(id)).body("status", equalTo("RESOLVED"));
    }

    @Test
    void anItemWhoseLifecycleRecordIsReadBeforeItsFeedbackAnswersTheFeedbacksReceiveTime() throws Exception {
        // given another replica's item whose lifecycle record reaches the view before the feedback's own record
        // (the topics' partitions are read side by side; after a restart the lifecycle ones can run ahead)
        String id = UUID.randomUUID().toString();
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        Instant acknowledged = received.plusSeconds(30);
        try (var lifecycle = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.FEEDBACK_LIFECYCLE.keySerde().serializer(),
                Topics.FEEDBACK_LIFECYCLE.valueSerde().serializer())) {
            lifecycle.send(new ProducerRecord<>(Topics.FEEDBACK_LIFECYCLE.name(),
                    null, acknowledged.toEpochMilli(), id, new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION,
                    UUID.randomUUID().toString(), id, LifecycleType.ACKNOWLEDGED, "support", acknowledged,
                    acknowledged, null, null))).get();
        }
        for (int attempt = 0; given().when().get("/api/v1/feedback/" + id).statusCode() != 200; attempt++) {
            assertThat(attempt).as("the lifecycle record read within 20 s").isLessThan(200);
            Thread.sleep(100);
        }

        // when the feedback's own record is read
        writeRaw(id, received);

        // then its status answers the feedback's receive time, not the acknowledgement's
        for (int attempt = 0; !received.toString().equals(given().when().get("/api/v1/feedback/" + id).path("receivedAt")); attempt++) {
            assertThat(attempt).as("the receive time corrected within 20 s").isLessThan(200);
            Thread.sleep(100);
        }
        given().when().get("/api/v1/feedback/" + id).then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
    }

    private void writeRaw(String id, Instant received) throws Exception {
        var raw = new RawFeedback(RawFeedback.SCHEMA_VERSION, id, received, "shop-web",
                "2.4.0", FeedbackChannel.API, null, "written by another replica", null, null, null, null, null);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.FEEDBACK_RAW.keySerde().serializer(), Topics.FEEDBACK_RAW.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), null,
                    received.toEpochMilli(), id, raw)).get();
        }
    }

    @Test
    void anUnknownIdIs404AndAnIdThatIsNotAUuid400BothProblemsNamingTheId() {
        String unknown = UUID.randomUUID().toString();
        given().when().get("/api/v1/feedback/" + unknown)
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:hypercare:problem:unknown-feedback"))
                .body("errors[0].field", equalTo("id"));

        String body = given().when().get("/api/v1/feedback/not-a-uuid")
                .then().statusCode(400).contentType(PROBLEM_JSON).extract().asString();
        assertThat(body).contains("\"id\"").contains("must be a UUID");
    }
}
