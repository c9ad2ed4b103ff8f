package dev.hypercare.metrics.query;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The service as deployed: real in-JVM broker, exactly-once streams, REST on a random port. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KpiPipelineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldPublishAndServeTheFirstResponseOfAnItem() throws Exception {
        // given: an item triaged for a release of its own, then answered 45 s after receipt
        String release = "it-" + UUID.randomUUID();
        String feedbackId = UUID.randomUUID().toString();
        Instant received = Instant.now().minusSeconds(300);
        try (var producer = producer()) {
            TriagedFeedback item = triaged(feedbackId, release, received);
            LifecycleEvent responded = event(feedbackId, LifecycleType.RESPONDED, received.plusSeconds(45));
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_TRIAGED.name(), feedbackId,
                    Topics.FEEDBACK_TRIAGED.valueSerde().serializer().serialize(null, item))).get();
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_LIFECYCLE.name(), feedbackId,
                    Topics.FEEDBACK_LIFECYCLE.valueSerde().serializer().serialize(null, responded))).get();
        }
        String itemKey = Kpi.key(release, "first-response-ms", "item=" + feedbackId, Kpi.WHOLE_PERIOD);

        // when
        ConsumerRecord<String, Kpi> published = TopicReader.awaitKey(bootstrapServers, Topics.KPIS, itemKey, TIMEOUT);

        // then: on the compacted KPI topic ...
        assertThat(published).as("KPI %s on %s", itemKey, Topics.KPIS.name()).isNotNull();
        assertThat(published.value().value()).isEqualTo(45_000.0);
        assertThat(published.value().unit()).isEqualTo("ms");

        // ... and from the query API, sorted by key
        String body = given().queryParam("release", release)
                .when().get("/api/v1/kpis")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .extract().asString();
        List<Kpi> kpis = Arrays.asList(Json.mapper().readValue(body, Kpi[].class));
        assertThat(kpis).extracting(Kpi::key).isSorted().contains(itemKey,
                Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD),
                Kpi.key(release, "first-response-ms", "all", Kpi.WHOLE_PERIOD));
        assertThat(kpis).allSatisfy(kpi -> assertThat(kpi.release()).isEqualTo(release));
        assertThat(kpis).filteredOn(kpi -> kpi.key().equals(itemKey))
                .singleElement().satisfies(kpi -> assertThat(kpi.value()).isEqualTo(45_000.0));
    }

    @Test
    void shouldAnswerAnEmptyListForAReleaseWithoutFeedback() {
        given().queryParam("release", "no-such-release-" + UUID.randomUUID())
                .when().get("/api/v1/kpis")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldRejectAQueryWithoutReleaseAsProblemJson() {
        given()
                .when().get("/api/v1/kpis")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("type", equalTo("urn:hypercare:problem:validation"))
                .body("errors[0].field", equalTo("release"));
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }
}
