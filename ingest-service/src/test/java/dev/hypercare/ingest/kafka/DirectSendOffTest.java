package dev.hypercare.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code hypercare.ingest.direct-send=false}: every feedback record goes through SmallRye's sending thread, even
 * once the producer knows the raw topic (where {@link DirectSendTest} sees the request's own thread send), and is
 * still answered 202 only after its ack, once on the topic.
 */
@QuarkusTest
@TestProfile(DirectSendOffTest.DirectSendOff.class)
@WithTestResource(KafkaBrokerResource.class)
class DirectSendOffTest {

    public static class DirectSendOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypercare.ingest.direct-send", "false");
        }
    }

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"The pay button does nothing\"}";

    @Inject
    KafkaPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldSendEveryRecordOnTheSendingThreadWhenDirectSendIsOff() {
        // given: a producer that has had an ack, so it knows the raw topic (a direct send would now be possible)
        post();
        long before = publisher.directSends();

        // when
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post());
        }
        String batchId = given().contentType(ContentType.JSON).body("[" + BODY + "]")
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200).extract().path("items[0].feedbackId");
        ids.add(batchId);

        // then: none sent on the request's thread, each answered after its ack and on the topic once
        assertThat(publisher.directSends()).isEqualTo(before);
        for (String id : ids) {
            assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).as("record %s", id).hasSize(1);
        }
    }

    private static String post() {
        return given().contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(202)
                .extract().path("feedbackId");
    }
}
