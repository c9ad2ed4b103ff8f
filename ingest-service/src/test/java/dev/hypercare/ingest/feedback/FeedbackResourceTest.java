package dev.hypercare.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The feedback intake against a real (in-JVM) Kafka broker: what is accepted lands on the raw topic. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAnswer202OnlyWithARecordOnTheRawTopicKeyedByTheNewId() {
        // given
        String clientId = "client-" + UUID.randomUUID();
        String body = """
                {"sourceApp":"shop-web","release":"2.4.0","channel":"FORM","title":"Checkout",
                 "text":"The pay button does nothing","component":"checkout","reporter":"ana@example.com",
                 "affectedUsers":12,"clientId":"%s","clientTimestamp":"2025-03-01T10:14:00+01:00",
                 "someFutureField":{"tolerated":true}}""".formatted(clientId);
        Instant before = Instant.now().minusMillis(1);

        // when
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback")
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("feedbackId", notNullValue())
                .extract();

        // then
        String feedbackId = response.path("feedbackId");
        Instant receivedAt = Instant.parse(response.path("receivedAt"));
        assertThat(UUID.fromString(feedbackId).toString()).isEqualTo(feedbackId);
        assertThat(response.header("Location")).endsWith("/api/v1/feedback/" + feedbackId);
        assertThat(receivedAt).isBetween(before, Instant.now());

        ConsumerRecord<String, RawFeedback> record =
                TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId, Duration.ofSeconds(15));
        assertThat(record).as("record keyed %s on %s", feedbackId, Topics.FEEDBACK_RAW.name()).isNotNull();
        // the reporter is encrypted (PrivacyOnTheWireTest decrypts it); everything else as sent
        assertThat(record.value().reporter()).startsWith("enc:v1:");
        assertThat(record.value()).usingRecursiveComparison().ignoringFields("reporter").isEqualTo(new RawFeedback(
                RawFeedback.SCHEMA_VERSION, feedbackId, receivedAt,
                "shop-web", "2.4.0", FeedbackChannel.FORM, "Checkout", "The pay button does nothing", "checkout",
                null, 12, clientId, Instant.parse("2025-03-01T09:14:00Z")));
        assertThat(record.timestamp()).isEqualTo(receivedAt.toEpochMilli());
    }

    @Test
    void shouldDefaultTheChannelToApi() {
        // when
        String feedbackId = given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Slow search\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract().path("feedbackId");

        // then
        var record = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId, Duration.ofSeconds(15));
        assertThat(record).isNotNull();
        assertThat(record.value().channel()).isEqualTo(FeedbackChannel.API);
        assertThat(record.value().schemaVersion()).isEqualTo(RawFeedback.SCHEMA_VERSION);
    }

    @Test
    void shouldNameEveryMissingRequiredFieldInAProblem() {
        given().contentType(ContentType.JSON).body("{\"title\":\"only a title\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("type", equalTo("urn:hypercare:problem:validation"))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("instance", equalTo("/api/v1/feedback"))
                .body("errors.field", containsInAnyOrder("sourceApp", "release", "text"));
    }

    @Test
    void shouldNameEachFieldOutOfBounds() {
        String body = """
                {"sourceApp":"%s","release":"2.4.0","text":"%s","affectedUsers":-3}"""
                .formatted("a".repeat(201), "x".repeat(20_001));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("sourceApp", "text", "affectedUsers"));
    }

    @Test
    void shouldRefuseTheKeySeparatorInAppReleaseAndComponent() {
        // a '|' would make release "2.4|x"'s KPIs answer under release "2.4" downstream
        given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop|web\",\"release\":\"2.4|x\",\"component\":\"a|b\",\"text\":\"t\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("sourceApp", "release", "component"))
                .body("errors.message", everyItem(equalTo("must not contain '|'")));
    }

    @Test
    void shouldNameTheFieldOfTheWrongType() {
        given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"t\",\"affectedUsers\":\"abc\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("affectedUsers"));
    }

    @Test
    void shouldNotCoerceANumberIntoAName() {
        given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":42,\"release\":\"2.4.0\",\"text\":\"t\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("sourceApp"));
    }

    @Test
    void shouldNameAnUnknownChannelAndABadTimestamp() {
        given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"t\",\"channel\":\"PIGEON\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("channel"));
        given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"t\",\"clientTimestamp\":\"yesterday\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("clientTimestamp"));
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblem() {
        given().contentType(ContentType.JSON).body("{\"sourceApp\":\"shop-web\",")
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:hypercare:problem:malformed-json"))
                .body("status", equalTo(400));
    }

    @Test
    void shouldAnswerAnEmptyBodyWithAProblemNamingTheBody() {
        given().contentType(ContentType.JSON)
                .when().post("/api/v1/feedback")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("body"));
    }

    @Test
    void shouldRefuseAnotherContentTypeWith415() {
        given().contentType(ContentType.TEXT).body("the app is slow")
                .when().post("/api/v1/feedback")
                .then().statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(415));
    }

    @Test
    void shouldRefuseABodyOverTheSizeLimitWithoutA5xx() {
        String body = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"" + "x".repeat(1_100_000) + "\"}";

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback")
                .then().statusCode(413);
    }

    @Test
    void shouldAnswerUnknownPathsWithAProblem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("instance", endsWith("/api/v1/nothing-here"));
    }
}
