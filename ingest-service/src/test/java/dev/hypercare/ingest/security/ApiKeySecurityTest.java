package dev.hypercare.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.ingest.support.ApiKeysOn;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * API keys through real HTTP with authentication on: keys known only by their SHA-256, scopes,
 * app binding, per-key rate limits. The slow key allows 1 request/s with a burst of 2.
 */
@QuarkusTest
@TestProfile(ApiKeysOn.class)
@WithTestResource(KafkaBrokerResource.class)
class ApiKeySecurityTest {

    static final String SHOP = ApiKeysOn.SHOP;
    static final String SUPPORT = ApiKeysOn.SUPPORT;
    static final String ADMIN = ApiKeysOn.ADMIN;
    static final String SLOW = ApiKeysOn.SLOW;
    static final String BULK = ApiKeysOn.BULK;

    private static String body(String app) {
        return "{\"sourceApp\":\"" + app + "\",\"release\":\"2.4.0\",\"text\":\"Payment page hangs\"}";
    }

    @Test
    void shouldAnswer401WithoutAKeyAndWithAnUnknownKey() {
        given().contentType(ContentType.JSON).body(body("shop-web"))
                .when().post("/api/v1/feedback")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", notNullValue())
                .body("type", equalTo("urn:hypercare:problem:unauthorized"));
        given().contentType(ContentType.JSON).header("X-API-Key", SHOP + "x").body(body("shop-web"))
                .when().post("/api/v1/feedback")
                .then().statusCode(401);
    }

    @Test
    void shouldAnswerAnItemsStatusOnlyToAKeyThatMaySubmit() {
        String location = given().contentType(ContentType.JSON).header("X-API-Key", SHOP).body(body("shop-web"))
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract().header("Location");
        String path = java.net.URI.create(location).getPath();

        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().header("X-API-Key", SUPPORT).when().get(path).then().statusCode(403);
        given().header("X-API-Key", SHOP).when().get(path).then().statusCode(200).body("status", equalTo("RECEIVED"));
    }

    @Test
    void shouldKeepTwoAppsCloudEventsWithTheSameSourceAndIdApart() {
        // given two apps whose events share a source and an id (both call theirs "/feedback", numbered from 1)
        String id = "1-" + java.util.UUID.randomUUID();
        String event = """
                {"specversion":"1.0","id":"%s","source":"/feedback","type":"com.example.feedback",
                 "datacontenttype":"application/json","data":{"release":"2.4.0","text":"%s"}}""";

        // when each sends its own
        var first = given().contentType("application/cloudevents+json").header("X-API-Key", ApiKeysOn.CE_APP_A)
                .body(event.formatted(id, "Export to PDF fails")).when().post("/api/v1/cloudevents")
                .then().statusCode(202).extract();
        var second = given().contentType("application/cloudevents+json").header("X-API-Key", ApiKeysOn.CE_APP_B)
                .body(event.formatted(id, "The calendar shows the wrong week")).when().post("/api/v1/cloudevents")
                .then().statusCode(202).extract();

        // then the second is a new item, not a replay of the first (which kept it from being published)
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.<String>path("feedbackId")).isNotEqualTo(first.<String>path("feedbackId"));
        // and each app's own redelivery is still a replay of its own event
        given().contentType("application/cloudevents+json").header("X-API-Key", ApiKeysOn.CE_APP_B)
                .body(event.formatted(id, "The calendar shows the wrong week")).when().post("/api/v1/cloudevents")
                .then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("feedbackId", equalTo(second.<String>path("feedbackId")));
    }

    @Test
    void shouldAcceptTheAppsOwnKey() {
        given().contentType(ContentType.JSON).header("X-API-Key", SHOP).body(body("shop-web"))
                .when().post("/api/v1/feedback")
                .then().statusCode(202).body("feedbackId", notNullValue());
    }

    @Test
    void shouldAnswer403WhenAKeySubmitsAsAnotherApp() {
        given().contentType(ContentType.JSON).header("X-API-Key", SHOP).body(body("crm"))
                .when().post("/api/v1/feedback")
                .then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sourceApp"));
    }

    @Test
    void shouldAnswer403OutsideTheKeysScope() {
        given().contentType(ContentType.JSON).header("X-API-Key", SUPPORT).body(body("support-desk"))
                .when().post("/api/v1/feedback")
                .then().statusCode(403).body("type", equalTo("urn:hypercare:problem:forbidden"));
    }

    @Test
    void shouldLetALifecycleKeyRecordEventsAndAnAdminKeySubmitForAnyApp() {
        String id = given().contentType(ContentType.JSON).header("X-API-Key", ADMIN).body(body("any-app"))
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract().path("feedbackId");

        given().contentType(ContentType.JSON).header("X-API-Key", SUPPORT)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", id)
                .then().statusCode(202);
        given().contentType(ContentType.JSON).header("X-API-Key", SHOP)
                .body("{\"type\":\"RESPONDED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", id)
                .then().statusCode(403);
    }

    @Test
    void shouldAcceptTheKeyAsTheBasicPasswordForWebhooks() {
        given().auth().preemptive().basic("inbound", SHOP)
                .multiPart("from", "Ana <ana@example.com>").multiPart("subject", "Broken link")
                .multiPart("text", "The help link is a 404")
                .when().post("/api/v1/channels/email/inbound")
                .then().statusCode(202);
    }

    @Test
    void shouldAnswer429WithRetryAfterOverTheKeysRate() {
        // when: more requests at once than the burst of 2
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 4; i++) {
            var response = given().contentType(ContentType.JSON).header("X-API-Key", SLOW).body(body("slow-app"))
                    .when().post("/api/v1/feedback").then().extract();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }

        // then
        assertThat(statuses).contains(429);
        assertThat(statuses.get(0)).isEqualTo(202);
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 2);
    }

    @Test
    void shouldKeepTheFormPublic() {
        given().when().get("/feedback-form").then().statusCode(200);
    }

    @Test
    void shouldCountABatchOfNItemsAsNAgainstTheKeysRate() {
        // given a key allowing 1 request/s with a burst of 2, and a batch of 6 items
        String item = "{\"sourceApp\":\"bulk-app\",\"release\":\"2.4.0\",\"text\":\"Import row\"}";
        String batch = "[" + String.join(",", java.util.Collections.nCopies(6, item)) + "]";

        // when the batch is sent (admitted on the burst) and then one more request
        given().contentType(ContentType.JSON).header("X-API-Key", BULK).body(batch)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).body("accepted", equalTo(6));
        var next = given().contentType(ContentType.JSON).header("X-API-Key", BULK).body(body("bulk-app"))
                .when().post("/api/v1/feedback");

        // then the 6 items used 6 tokens of 2: the next request waits out the debt (about 5 s), not 1 s
        assertThat(next.statusCode()).isEqualTo(429);
        assertThat(next.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(next.header("Retry-After"))).isBetween(4, 6);
    }
}
