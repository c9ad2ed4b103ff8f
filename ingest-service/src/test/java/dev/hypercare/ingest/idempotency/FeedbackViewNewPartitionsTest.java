package dev.hypercare.ingest.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Ops raise the raw topic's partition count to scale (docs/deploy.md). The feedback view assigned its partitions once
 * at start: items another replica wrote to a new partition stayed unknown here until a restart.
 * ({@code hypercare.ingest.view.partition-check} is 1 s in tests, 30 s by default.)
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackViewNewPartitionsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    FeedbackView view;

    @Test
    void shouldLearnOfItemsAnotherReplicaWritesToAPartitionAddedWhileItRuns() throws Exception {
        // given the raw topic grown by one partition while the service runs
        String raw = Topics.FEEDBACK_RAW.name();
        int added;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            added = admin.describeTopics(List.of(raw)).allTopicNames().get().get(raw).partitions().size();
            admin.createPartitions(Map.of(raw, NewPartitions.increaseTo(added + 1))).all().get();
        }

        // when another replica writes an item there
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RawFeedback item = new RawFeedback(RawFeedback.SCHEMA_VERSION, id, now, "shop-web", "2.4.0", FeedbackChannel.API, null,
                "written to a new partition", null, null, null, null, null);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.FEEDBACK_RAW.keySerde().serializer(), Topics.FEEDBACK_RAW.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(raw, added, now.toEpochMilli(), id, item)).get();
        }

        // then this service learns of it, and accepts a lifecycle event for it
        for (int attempt = 0; view.find(id).isEmpty(); attempt++) {
            assertThat(attempt).as("the view read the new partition within 30 s").isLessThan(300);
            Thread.sleep(100);
        }
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", id).then().statusCode(202);
    }
}
