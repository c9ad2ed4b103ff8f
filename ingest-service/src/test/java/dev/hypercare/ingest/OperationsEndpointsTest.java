package dev.hypercare.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the platform team relies on: readiness that includes Kafka and the topics, metrics, OpenAPI. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class OperationsEndpointsTest {

    @Test
    void shouldBecomeReadyOnceTheBrokerIsReachableAndTheTopicsExist() throws InterruptedException {
        // given: topic provisioning runs in the background after start
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int status;
        String body;

        // when
        do {
            var response = given().when().get("/q/health/ready").then().extract();
            status = response.statusCode();
            body = response.asString();
            if (status != 200) {
                Thread.sleep(200);
            }
        } while (status != 200 && Instant.now().isBefore(deadline));

        // then
        assertThat(status).as(body).isEqualTo(200);
        JsonPath health = JsonPath.from(body);
        assertThat(health.getList("checks.name", String.class))
                .contains("hypercare-topics", "Kafka connection health check");
    }

    @Test
    void shouldExposePrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_"));
    }

    @Test
    void shouldCountAcceptedAndRejectedItemsPerChannelAndTimeRequests() {
        // given one accepted and one refused submission
        given().contentType("application/json").body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"ok\"}")
                .when().post("/api/v1/feedback").then().statusCode(202);
        given().contentType("application/json").body("{}")
                .when().post("/api/v1/feedback").then().statusCode(400);

        // then
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("hypercare_ingest_accepted_total{channel=\"api\"")
                .contains("hypercare_ingest_rejected_total{channel=\"api\",reason=\"invalid\"")
                .contains("hypercare_ingest_request_seconds_bucket{channel=\"api\"");
    }

    @Test
    void shouldDescribeTheApiInOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/feedback"))
                .body(containsString("/api/v1/feedback/{id}/events"))
                .body(containsString("/api/v1/feedback/batch"))
                .body(containsString("/api/v1/cloudevents"))
                .body(containsString("/api/v1/channels/slack/events"))
                .body(containsString("/api/v1/channels/email/inbound"))
                .body(containsString("\"apiKey\""));
    }
}
