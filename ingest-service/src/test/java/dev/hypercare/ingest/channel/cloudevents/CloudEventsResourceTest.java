package dev.hypercare.ingest.channel.cloudevents;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.kafka.KafkaPublisher;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** CloudEvents 1.0 over HTTP in the three modes, and the raw record as a CloudEvent on Kafka. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class CloudEventsResourceTest {

    private static final String PATH = "/api/v1/cloudevents";
    private static final String DATA = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"%s\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAcceptBinaryModeAndWriteTheRawRecordWithCeHeaders() {
        // given
        String eventId = UUID.randomUUID().toString();

        // when
        String id = given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", eventId)
                .header("ce-source", "/shop-web/checkout").header("ce-type", "com.example.feedback.created")
                .header("ce-time", "2025-03-01T10:14:00Z")
                .body(DATA.formatted("Apple Pay button missing"))
                .when().post(PATH)
                .then().statusCode(202).extract().path("feedbackId");

        // then: the value is Hypercare's JSON, the headers make it a CloudEvent readable by the SDK
        ConsumerRecord<String, RawFeedback> record = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id).get(0);
        assertThat(record.value().channel()).isEqualTo(FeedbackChannel.CLOUDEVENTS);
        assertThat(record.value().clientId()).isEqualTo(eventId);
        assertThat(record.value().clientTimestamp()).isEqualTo(Instant.parse("2025-03-01T10:14:00Z"));
        byte[] value = Topics.FEEDBACK_RAW.valueSerde().serializer().serialize("t", record.value());
        CloudEvent onKafka = KafkaMessageFactory.createReader(record.headers(), value).toEvent();
        assertThat(onKafka.getId()).isEqualTo(id);
        assertThat(onKafka.getType()).isEqualTo(KafkaPublisher.FEEDBACK_EVENT_TYPE);
        assertThat(onKafka.getSource().toString()).isEqualTo("urn:hypercare:app:shop-web");
        assertThat(onKafka.getDataContentType()).isEqualTo("application/json");
        assertThat(onKafka.getTime().toInstant()).isEqualTo(record.value().receivedAt());
        assertThat(record.headers().lastHeader("ce_specversion").value()).isEqualTo("1.0".getBytes());
    }

    @Test
    void shouldAcceptStructuredModeAndNotDuplicateARedelivery() {
        // given
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:crm","type":"com.example.feedback",
                 "datacontenttype":"application/json","data":%s}"""
                .formatted(UUID.randomUUID(), DATA.formatted("Invoices show the wrong VAT"));

        // when
        String first = given().contentType("application/cloudevents+json").body(event)
                .when().post(PATH).then().statusCode(202).extract().path("feedbackId");
        String again = given().contentType("application/cloudevents+json").body(event)
                .when().post(PATH).then().statusCode(202).header("Idempotent-Replayed", "true").extract().path("feedbackId");

        // then
        assertThat(again).isEqualTo(first);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first)).hasSize(1);
    }

    @Test
    void shouldAcceptBatchedModeWithAResultPerEvent() {
        String batch = """
                [{"specversion":"1.0","id":"%s","source":"urn:crm","type":"t","datacontenttype":"application/json","data":%s},
                 {"specversion":"1.0","id":"%s","source":"urn:crm","type":"t","datacontenttype":"application/json","data":{"release":"2.4.0"}},
                 {"specversion":"0.1","id":"x"}]"""
                .formatted(UUID.randomUUID(), DATA.formatted("Batch one"), UUID.randomUUID());

        JsonPath answer = given().contentType("application/cloudevents-batch+json").body(batch)
                .when().post(PATH).then().statusCode(200).extract().jsonPath();

        assertThat(answer.getList("items.status")).containsExactly("ACCEPTED", "REJECTED", "REJECTED");
        assertThat(answer.getList("items[1].errors.field")).contains("data.sourceApp", "data.text");
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, answer.getString("items[0].feedbackId"))).hasSize(1);
    }

    @Test
    void shouldRefuseAStructuredEventWithoutAnIdOrCutOffWith400NotA500() {
        for (String body : new String[] {
                "{\"specversion\":\"1.0\",\"source\":\"/h\",\"type\":\"t\",\"data\":{\"sourceApp\":\"s\",\"release\":\"1\",\"text\":\"x\"}}",
                "{\"specversion\":\"1.0\","}) {
            given().contentType("application/cloudevents+json").body(body)
                    .when().post("/api/v1/cloudevents")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:hypercare:problem:invalid-cloudevent"));
        }
    }

    @Test
    void shouldRefuseSomethingThatIsNotACloudEvent() {
        given().contentType("application/json").body(DATA.formatted("no ce headers"))
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:hypercare:problem:invalid-cloudevent"));
    }

    @Test
    void shouldRefuseAnEventWhoseDataIsJsonNullNamingDataNotA500() {
        // given JSON null as the data in each mode (found by fuzzing: it answered 500)
        String structured = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/s\",\"type\":\"t\",\"data\":null}";

        given().contentType("application/cloudevents+json").body(structured.formatted(UUID.randomUUID()))
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("data"));
        given().contentType("application/json").body("null")
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/s").header("ce-type", "t")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("data"));
        JsonPath batch = given().contentType("application/cloudevents-batch+json")
                .body("[" + structured.formatted(UUID.randomUUID()) + "," + ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                        + "\",\"source\":\"/s\",\"type\":\"t\",\"data\":" + DATA.formatted("next to a null") + "}") + "]")
                .when().post(PATH)
                .then().statusCode(200).extract().jsonPath();

        // then the null one is refused by name and the batch's other event is still accepted
        assertThat(batch.getList("items[0].errors.field")).containsExactly("data");
        assertThat(batch.getString("items[1].feedbackId")).isNotBlank();
    }
}
