package dev.hypercare.ingest.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Retries never duplicate: the same key gives the same id and exactly one record on the raw topic. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class IdempotentSubmissionTest {

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Search is slow\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAnswerARetryWithTheSameIdAndPublishNothingNew() {
        // given
        String key = "retry-" + UUID.randomUUID();
        ExtractableResponse<Response> first = post(key);

        // when
        ExtractableResponse<Response> retry = post(key);

        // then
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.<String>path("feedbackId")).isEqualTo(first.path("feedbackId"));
        assertThat(retry.<String>path("receivedAt")).isEqualTo(first.path("receivedAt"));
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first.path("feedbackId"))).hasSize(1);
    }

    @Test
    void shouldUseTheClientIdAsTheKeyWhenNoHeaderIsSent() {
        String clientId = "c-" + UUID.randomUUID();
        String body = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"t\",\"clientId\":\"" + clientId + "\"}";

        String first = given().contentType(ContentType.JSON).body(body).post("/api/v1/feedback").then().statusCode(202).extract().path("feedbackId");
        String second = given().contentType(ContentType.JSON).body(body).post("/api/v1/feedback").then().statusCode(202).extract().path("feedbackId");

        assertThat(second).isEqualTo(first);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first)).hasSize(1);
    }

    @Test
    void shouldPublishOnceWhenTheSameKeyArrivesConcurrently() {
        // given
        String key = "burst-" + UUID.randomUUID();

        // when: ten clients race with one key
        List<CompletableFuture<String>> racing = IntStream.range(0, 10)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(key).<String>path("feedbackId")))
                .toList();
        Set<String> ids = racing.stream().map(CompletableFuture::join).collect(Collectors.toSet());

        // then
        assertThat(ids).hasSize(1);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, ids.iterator().next())).hasSize(1);
    }

    @Test
    void shouldGiveTwoAppsUsingTheSameKeyTwoItems() {
        String key = "shared-" + UUID.randomUUID();
        String shop = post(key).path("feedbackId");
        String crm = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"sourceApp\":\"crm\",\"release\":\"2.4.0\",\"text\":\"t\"}")
                .post("/api/v1/feedback").then().statusCode(202).extract().path("feedbackId");

        assertThat(crm).isNotEqualTo(shop);
    }

    @Test
    void shouldRefuseAnOverlongKey() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(201)).body(BODY)
                .post("/api/v1/feedback")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static ExtractableResponse<Response> post(String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BODY)
                .when().post("/api/v1/feedback").then().extract();
    }
}
