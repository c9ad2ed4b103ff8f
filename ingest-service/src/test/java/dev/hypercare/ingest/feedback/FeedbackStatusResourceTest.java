package dev.hypercare.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Location a 202 hands out answers: {@code GET /api/v1/feedback/{id}}, against a real (in-JVM) broker. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackStatusResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

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
