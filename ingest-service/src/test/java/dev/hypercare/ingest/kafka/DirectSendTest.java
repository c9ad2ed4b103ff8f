package dev.hypercare.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.ingest.support.ShortKafkaTimeouts;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Feedback records are sent on the request's own thread once the producer knows the raw topic (an ack came
 * back), and on SmallRye's sending thread before that, where a send that waits for metadata blocks no event
 * loop. Either way the answer is 202 only after the broker's ack, and 503 when the broker is gone. A broker of
 * this class's own (it is stopped in the last test), so no other class loses the shared one.
 */
@QuarkusTest
@TestProfile(DirectSendTest.OwnBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectSendTest {

    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A buffer small enough that one batch of long texts may not fit: the direct send must then step aside.
            return ShortKafkaTimeouts.with(Map.of("mp.messaging.connector.smallrye-kafka.buffer.memory", "262144"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateBroker.class));
        }
    }

    /** A broker for this class alone. */
    public static class PrivateBroker implements QuarkusTestResourceLifecycleManager {
        static volatile EmbeddedKafka broker;
        static volatile boolean stopped;

        @Override
        public Map<String, String> start() {
            broker = EmbeddedKafka.start();
            stopped = false;
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        }

        static synchronized void stopBroker() {
            if (!stopped) {
                stopped = true;
                broker.close();
            }
        }

        @Override
        public void stop() {
            stopBroker();
        }
    }

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"The pay button does nothing\"}";

    @Inject
    KafkaPublisher publisher;

    @Test
    @Order(1)
    void shouldSendTheFirstRecordOnTheSendingThreadAndTheFollowingOnTheRequestsThread() {
        // given: a producer that has not had an ack yet
        long before = publisher.directSends();

        // when
        String first = post(202);

        // then: not sent directly (the producer may not know the topic yet), but acknowledged
        assertThat(publisher.directSends()).isEqualTo(before);
        assertThat(RawTopic.recordsWithKey(PrivateBroker.broker.bootstrapServers(), Topics.FEEDBACK_RAW, first)).hasSize(1);

        // when: more events after that ack
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(202));
        }

        // then: each sent on the request's thread, each on the topic once, answered only after its ack
        assertThat(publisher.directSends()).isEqualTo(before + 5);
        for (String id : ids) {
            assertThat(RawTopic.recordsWithKey(PrivateBroker.broker.bootstrapServers(), Topics.FEEDBACK_RAW, id))
                    .as("record %s", id).hasSize(1);
        }
    }

    @Test
    @Order(2)
    void shouldSendRecordsThatMayNotFitTheProducersBufferOnTheSendingThreadAndStillAcceptEach() {
        // given: direct sends in use, and a batch of long texts whose bytes may exceed the free buffer (256 KB):
        // sent on the event loop, send() would block it waiting for buffer memory
        post(202);
        long before = publisher.directSends();
        String text = "The export to PDF stops half-way and the file is empty. ".repeat(200);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"")
                    .append(text).append(i).append("\"}");
        }
        batch.append(']');
        assertThat(KafkaPublisher.bytesToReserve(List.of(sample(text)))).isGreaterThan(10_000);

        // when
        JsonPath answer = given().contentType(ContentType.JSON).body(batch.toString())
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).extract().jsonPath();

        // then: not sent directly, yet every item accepted after its ack and on the topic once
        assertThat(publisher.directSends()).isEqualTo(before);
        assertThat(answer.getInt("accepted")).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            String id = answer.getString("items[" + i + "].feedbackId");
            assertThat(RawTopic.recordsWithKey(PrivateBroker.broker.bootstrapServers(), Topics.FEEDBACK_RAW, id))
                    .as("item %d", i).hasSize(1);
        }

        // and: a short single event after it goes direct again
        post(202);
        assertThat(publisher.directSends()).isEqualTo(before + 1);
    }

    private static RawFeedback sample(String text) {
        return new RawFeedback(RawFeedback.SCHEMA_VERSION, "id", Instant.EPOCH, "shop-web", "2.4.0", FeedbackChannel.API, null, text,
                null, null, null, null, null);
    }

    @Test
    @Order(3)
    void shouldAnswer503NotA202WhenTheBrokerGoesAwayAfterDirectSends() {
        // given: direct sends in use
        post(202);
        long before = publisher.directSends();
        post(202);
        assertThat(publisher.directSends()).isEqualTo(before + 1);

        // when: the broker is gone
        PrivateBroker.stopBroker();

        // then: the producer's delivery timeout nacks the direct send: 503 with Retry-After, twice
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType(ContentType.JSON).body(BODY)
                    .when().post("/api/v1/feedback")
                    .then().statusCode(503)
                    .header("Retry-After", equalTo("7"))
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:hypercare:problem:kafka-unavailable"));
        }
    }

    private static String post(int status) {
        return given().contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(status)
                .extract().path("feedbackId");
    }
}
