package dev.hypercare.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The batch form: per-item results, nothing half-lost, safe to resend. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackBatchResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAcceptTheValidItemsAndNameTheFaultsOfTheOthers() {
        // given: valid, missing text, wrong type, valid
        String body = """
                [{"sourceApp":"shop-web","release":"2.4.0","text":"Cart empties itself"},
                 {"sourceApp":"shop-web","release":"2.4.0"},
                 {"sourceApp":"shop-web","release":"2.4.0","text":"t","affectedUsers":"many"},
                 {"sourceApp":"shop-web","release":"2.4.0","text":"Coupon field is gone","channel":"FORM"}]""";

        // when
        JsonPath answer = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).extract().jsonPath();

        // then
        assertThat(answer.getInt("accepted")).isEqualTo(2);
        assertThat(answer.getInt("rejected")).isEqualTo(2);
        assertThat(answer.getList("items.status")).containsExactly("ACCEPTED", "REJECTED", "REJECTED", "ACCEPTED");
        assertThat(answer.getList("items.index")).containsExactly(0, 1, 2, 3);
        assertThat(answer.getList("items[1].errors.field")).containsExactly("text");
        assertThat(answer.getList("items[2].errors.field")).containsExactly("affectedUsers");
        for (int i : new int[] {0, 3}) {
            String id = answer.getString("items[" + i + "].feedbackId");
            assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).as("item %d", i).hasSize(1);
        }
    }

    @Test
    void shouldRejectOnlyTheItemsOfTheWrongShapeNamingTheFieldAndReadOnPastThem() {
        // given: an unknown field (ignored), an object where the text is due, a string, null, a number for the
        // channel, an unknown channel; the binding stops inside the bad items, the items after them are read whole
        String body = """
                [{"sourceApp":"shop-web","release":"2.4.0","text":"Unknown fields are ignored","mood":{"deep":[1,{"a":2}]}},
                 {"sourceApp":"shop-web","release":"2.4.0","text":{"nested":["x",{"y":1}]},"title":"t"},
                 "just text",
                 null,
                 {"sourceApp":"shop-web","release":"2.4.0","text":"t","channel":3},
                 {"affectedUsers":"many","sourceApp":"shop-web","release":"2.4.0","text":"t","channel":"PIGEON"},
                 {"sourceApp":"shop-web","release":"2.4.0","text":"Still read after the others"}]""";

        // when
        JsonPath answer = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).extract().jsonPath();

        // then
        assertThat(answer.getList("items.status"))
                .containsExactly("ACCEPTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED");
        assertThat(answer.getList("items[1].errors.field")).containsExactly("text");
        assertThat(answer.getList("items[1].errors.message")).containsExactly("must be a string");
        assertThat(answer.getList("items[2].errors.field")).containsExactly("item");
        assertThat(answer.getList("items[3].errors")).containsExactly(java.util.Map.of("field", "item", "message", "must be a JSON object"));
        assertThat(answer.getList("items[4].errors.field")).containsExactly("channel");
        assertThat(answer.getList("items[5].errors.field")).containsExactly("affectedUsers");
        for (int i : new int[] {0, 6}) {
            String id = answer.getString("items[" + i + "].feedbackId");
            assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).as("item %d", i).hasSize(1);
        }
    }

    @Test
    void shouldPublishNothingOfABatchThatIsCutOffOrNotJsonThroughout() {
        // given: a valid first item, then a cut-off body, a bad escape in a later item, trailing garbage
        String clientId = "whole-" + UUID.randomUUID();
        String valid = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"before the fault\",\"clientId\":\"" + clientId + "\"}";
        List<String> bodies = List.of("[" + valid + ",{\"sourceApp\":\"shop-web\"", "[" + valid + ",{\"text\":\"bad \\q escape\"}]",
                "[" + valid + "] [" + valid + "]", "[" + valid + ",]");

        for (String body : bodies) {
            // when / then: the whole body is refused as malformed JSON, as the parser found it
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/feedback/batch")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(dev.hypercare.http.Problem.MALFORMED_JSON));
        }

        // and not even the valid first item was published
        String id = dev.hypercare.ingest.idempotency.DeterministicIds.feedbackId("app:shop-web", clientId);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).isEmpty();
    }

    @Test
    void shouldMakeAResentBatchWithAnIdempotencyKeyAllDuplicates() {
        // given
        String key = "batch-" + UUID.randomUUID();
        String body = "[" + IntStream.range(0, 5)
                .mapToObj(i -> "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"item " + i + "\"}")
                .collect(Collectors.joining(",")) + "]";
        List<String> first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath().getList("items.feedbackId");

        // when
        JsonPath resent = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath();

        // then
        assertThat(resent.getInt("duplicates")).isEqualTo(5);
        assertThat(resent.getList("items.feedbackId")).isEqualTo(first);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first.get(4))).hasSize(1);
    }

    @Test
    void shouldAnswerEachItemOfAResentSubsetOrReorderedBatchWithItsOwnIdAndPublishTheNewOne() {
        // given a batch [A, B] accepted under one Idempotency-Key
        String key = "batch-" + UUID.randomUUID();
        String a = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"The invoice PDF is blank\"}";
        String b = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Search ignores accents\"}";
        String c = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Dark mode resets at login\"}";
        List<String> first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("[" + a + "," + b + "]")
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath().getList("items.feedbackId");

        // when the client resends [C, B] under the same key (C had FAILED in its first try, say)
        JsonPath resent = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("[" + c + "," + b + "]")
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath();

        // then B is answered with B's id, and C is new: by position, C took A's key and was never published
        assertThat(resent.getString("items[0].status")).isEqualTo("ACCEPTED");
        assertThat(resent.getList("items.feedbackId")).doesNotContain(first.get(0));
        assertThat(resent.getString("items[1].status")).isEqualTo("DUPLICATE");
        assertThat(resent.getString("items[1].feedbackId")).isEqualTo(first.get(1));
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, resent.getString("items[0].feedbackId"))).hasSize(1);

        // and two identical items (two users, the same words) are two items, resent as the same two
        String twice = "[" + c + "," + c + "]";
        String otherKey = "batch-" + UUID.randomUUID();
        List<String> both = given().contentType(ContentType.JSON).header("Idempotency-Key", otherKey).body(twice)
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath().getList("items.feedbackId");
        assertThat(both).doesNotHaveDuplicates().hasSize(2);
        assertThat(given().contentType(ContentType.JSON).header("Idempotency-Key", otherKey).body(twice)
                .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath().<String>getList("items.feedbackId"))
                .isEqualTo(both);
    }

    @Test
    void shouldPublishAKeyRepeatedInOneBatchOnce() {
        // given: items 0 and 2 carry the same clientId; all items are published together
        String clientId = "dup-" + UUID.randomUUID();
        String body = """
                [{"sourceApp":"shop-web","release":"2.4.0","text":"Search is slow","clientId":"%s"},
                 {"sourceApp":"shop-web","release":"2.4.0","text":"Love the new cart"},
                 {"sourceApp":"shop-web","release":"2.4.0","text":"Search is slow","clientId":"%s"}]""".formatted(clientId, clientId);

        // when
        JsonPath answer = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).extract().jsonPath();

        // then: the repeat answers the original's id and receive time, and only one record exists
        assertThat(answer.getList("items.status")).containsExactly("ACCEPTED", "ACCEPTED", "DUPLICATE");
        String id = answer.getString("items[0].feedbackId");
        assertThat(answer.getString("items[2].feedbackId")).isEqualTo(id);
        assertThat(answer.getString("items[2].receivedAt")).isEqualTo(answer.getString("items[0].receivedAt"));
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).hasSize(1);
    }

    @Test
    void shouldPublishEachKeyOnceWhenTheSameBatchArrivesConcurrently() throws Exception {
        // given: one keyed batch of 20 items, sent 4 times at once
        String key = "concurrent-" + UUID.randomUUID();
        String body = "[" + IntStream.range(0, 20)
                .mapToObj(i -> "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"concurrent item " + i + "\"}")
                .collect(Collectors.joining(",")) + "]";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<JsonPath>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                        .post("/api/v1/feedback/batch").then().statusCode(200).extract().jsonPath()));
            }
            // when
            List<JsonPath> answers = new java.util.ArrayList<>();
            for (var answer : sent) {
                answers.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }

            // then: the same id per item in every answer, each item ACCEPTED exactly once, one record per id
            List<Object> ids = answers.get(0).getList("items.feedbackId");
            for (JsonPath answer : answers) {
                assertThat(answer.getList("items.feedbackId")).isEqualTo(ids);
            }
            assertThat(answers.stream().mapToInt(a -> a.getInt("accepted")).sum()).isEqualTo(20);
            assertThat(answers.stream().mapToInt(a -> a.getInt("duplicates")).sum()).isEqualTo(60);
            for (int i : new int[] {0, 7, 19}) {
                assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, (String) ids.get(i))).as("item %d", i).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseABatchOverTheBoundAsAWhole() {
        String body = "[" + IntStream.range(0, 501).mapToObj(i -> "{}").collect(Collectors.joining(",")) + "]";

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("body"));
    }

    @Test
    void shouldRefuseSomethingThatIsNotAnArray() {
        given().contentType(ContentType.JSON).body("{\"sourceApp\":\"shop-web\"}")
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(400).body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("[]")
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(400);
    }
}
