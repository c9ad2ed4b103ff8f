package dev.hypercare.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.ingest.support.Feedback;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Keys written with the registry's key serde, as application.properties configures both channels. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class RegistryKeySerializerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    KafkaClientService clients;

    @Test
    void shouldWriteKeysWithTheRegistrysKeySerdeOnBothTopics() {
        // given: both channels' producers configured with the registry's key serializer
        for (String channel : new String[] {KafkaPublisher.ACCEPTED_FEEDBACK, KafkaPublisher.LIFECYCLE_EVENTS}) {
            assertThat(clients.getProducer(channel).configuration().get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG))
                    .as(channel).isEqualTo(RegistryKeySerializer.class.getName());
        }

        // when: feedback and a lifecycle event of it over HTTP
        String feedbackId = Feedback.submit("Keys from the registry");
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .post("/api/v1/feedback/{id}/events", feedbackId).then().statusCode(202);

        // then: each record is keyed by the feedback id, read back with the registry's own key serde
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, feedbackId)).hasSize(1);
        assertThat(TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId, Duration.ofSeconds(15))).isNotNull();
    }

    @Test
    void shouldWriteExactlyTheRegistrysKeyBytesAndRefuseAnUnknownTopic() {
        RegistryKeySerializer serializer = new RegistryKeySerializer();

        assertThat(serializer.serialize(Topics.FEEDBACK_RAW.name(), "f-1"))
                .isEqualTo(Topics.FEEDBACK_RAW.keySerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), "f-1"));
        assertThat(serializer.serialize(Topics.FEEDBACK_LIFECYCLE.name(), "f-1"))
                .isEqualTo(Topics.FEEDBACK_LIFECYCLE.keySerde().serializer().serialize(Topics.FEEDBACK_LIFECYCLE.name(), "f-1"));
        assertThatThrownBy(() -> serializer.serialize("feedback-raw-typo", "f-1"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not in the Hypercare topic registry");
    }
}
