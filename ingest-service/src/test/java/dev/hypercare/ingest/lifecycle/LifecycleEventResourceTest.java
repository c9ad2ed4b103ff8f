package dev.hypercare.ingest.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.ingest.support.Feedback;
import dev.hypercare.ingest.support.OtherReplica;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lifecycle intake against a real (in-JVM) Kafka broker. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class LifecycleEventResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldPublishTheEventKeyedByTheFeedbackIdOnTheLifecycleTopic() {
        // given
        String feedbackId = Feedback.submit("Export is broken");

        // when
        String eventId = given().contentType(ContentType.JSON)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\",\"occurredAt\":\"2025-03-01T10:20:00Z\",\"note\":\"looking\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(202)
                .body("feedbackId", equalTo(feedbackId))
                .body("eventId", notNullValue())
                .extract().path("eventId");

        // then
        ConsumerRecord<String, LifecycleEvent> record =
                TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId, Duration.ofSeconds(15));
        assertThat(record).isNotNull();
        LifecycleEvent event = record.value();
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.type()).isEqualTo(LifecycleType.ACKNOWLEDGED);
        assertThat(event.actor()).isEqualTo("agent-7");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-01T10:20:00Z"));
        assertThat(event.receivedAt()).isNotNull();
        assertThat(event.note()).isEqualTo("looking");
        assertThat(event.rating()).isNull();
    }

    @Test
    void shouldAcceptAnEventForFeedbackAnotherReplicaAcceptedAMomentAgo() {
        // given: feedback this replica has not read back yet (its view polls every 100 ms)
        String feedbackId = OtherReplica.accepted(bootstrapServers, "Accepted by another replica");

        // when: the event arrives at once, so the check waits for the view (on Mutiny's timer) before publishing
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(202).body("feedbackId", equalTo(feedbackId));

        // then: published, and the view holds the new status (a second ACKNOWLEDGED is impossible)
        assertThat(TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId, Duration.ofSeconds(15))).isNotNull();
        Feedback.event(feedbackId, "ACKNOWLEDGED", 409);
    }

    @Test
    void shouldKeepAnItemsEventsInOrderInOnePartition() {
        // given
        String feedbackId = Feedback.submit("Export is broken");

        // when
        for (String type : List.of("ACKNOWLEDGED", "RESOLVED", "RATED")) {
            String rating = type.equals("RATED") ? ",\"rating\":4" : "";
            given().contentType(ContentType.JSON)
                    .body("{\"type\":\"" + type + "\",\"actor\":\"agent-7\"" + rating + "}")
                    .when().post("/api/v1/feedback/{id}/events", feedbackId)
                    .then().statusCode(202);
        }

        // then
        var records = TopicReader.readUntil(bootstrapServers, Topics.FEEDBACK_LIFECYCLE,
                        read -> read.stream().filter(r -> feedbackId.equals(r.key())).count() == 3, Duration.ofSeconds(15))
                .stream().filter(r -> feedbackId.equals(r.key())).toList();
        assertThat(records).extracting(r -> r.value().type())
                .containsExactly(LifecycleType.ACKNOWLEDGED, LifecycleType.RESOLVED, LifecycleType.RATED);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(records.get(2).value().rating()).isEqualTo(4);
    }

    @Test
    void shouldKeyAnUpperCaseIdLikeTheFeedbacksOwnLowerCaseKey() {
        // given: ids are issued in lower case; a client may echo them in upper case
        String feedbackId = Feedback.submit("Export is broken");

        // when
        given().contentType(ContentType.JSON).body("{\"type\":\"RESPONDED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId.toUpperCase())
                .then().statusCode(202)
                .body("feedbackId", equalTo(feedbackId));

        // then
        assertThat(TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId, Duration.ofSeconds(15)))
                .isNotNull();
    }

    @Test
    void shouldRefuseRatedWithoutARating() {
        given().contentType(ContentType.JSON).body("{\"type\":\"RATED\",\"actor\":\"ana\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("rating"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z"})
    void shouldRefuseAnOccurredAtNoEventCanHaveHappenedAt(String occurredAt) {
        // A year of +999999999 overflowed the metrics-service's millisecond arithmetic and stopped it; 0001-01-01 is a
        // client's default value (.NET's DateTime.MinValue), not a time
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"ana\",\"occurredAt\":\"" + occurredAt + "\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("occurredAt"));
    }

    @Test
    void shouldRefuseAnOccurredAtInTheFutureBeyondClockSkewButAcceptOneWithin() {
        String feedbackId = Feedback.submit("Export is broken");

        given().contentType(ContentType.JSON)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"ana\",\"occurredAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("occurredAt"));
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"ana\",\"occurredAt\":\"" + Instant.now().plus(Duration.ofMinutes(1)) + "\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(202);
    }

    @Test
    void shouldRefuseARatingOnAnotherType() {
        given().contentType(ContentType.JSON).body("{\"type\":\"RESOLVED\",\"actor\":\"agent-7\",\"rating\":5}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("rating"));
    }

    @Test
    void shouldNameAnUnknownTypeAndAMissingActor() {
        given().contentType(ContentType.JSON).body("{\"type\":\"CLOSED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("type"));
        given().contentType(ContentType.JSON).body("{\"type\":\"RESPONDED\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("actor"));
    }

    @Test
    void shouldRefuseAnIdThatIsNotAUuid() {
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", "not-a-uuid")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("id"));
    }

    @Test
    void shouldAnswer404ForAnIdNoFeedbackWasReceivedUnder() {
        given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", UUID.randomUUID())
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:hypercare:problem:unknown-feedback"))
                .body("errors.field", containsInAnyOrder("id"));
    }

    @Test
    void shouldAnswer409ForAnImpossibleTransitionAndPublishNothing() {
        // given an open item
        String feedbackId = Feedback.submit("Dark mode please");

        // when it is reopened or rated before it was resolved
        given().contentType(ContentType.JSON).body("{\"type\":\"REOPENED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:hypercare:problem:invalid-transition"))
                .body("errors.field", containsInAnyOrder("type"));
        Feedback.event(feedbackId, "RATED", 409);

        // then nothing was published, and the normal path still works
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId)).isEmpty();
        Feedback.event(feedbackId, "RESOLVED", 202);
        Feedback.event(feedbackId, "RESOLVED", 409);
        Feedback.event(feedbackId, "RATED", 202);
        Feedback.event(feedbackId, "REOPENED", 202);
        Feedback.event(feedbackId, "ACKNOWLEDGED", 202);
    }

    @Test
    void shouldAcceptOnlyOneOfConcurrentIdenticalTransitionsOfAnItem() throws Exception {
        // given an open item
        String feedbackId = Feedback.submit("The invoice PDF is blank");

        // when eight RESOLVED arrive at once (double clicks, two agents)
        var pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> given().contentType(ContentType.JSON).body("{\"type\":\"RESOLVED\",\"actor\":\"agent-7\"}")
                        .when().post("/api/v1/feedback/{id}/events", feedbackId).statusCode()));
            }
            List<Integer> answered = new ArrayList<>();
            for (var status : statuses) {
                answered.add(status.get(30, TimeUnit.SECONDS));
            }

            // then one is accepted and published, the others are impossible transitions
            assertThat(answered).containsOnlyOnce(202).filteredOn(s -> s != 202).containsOnly(409);
            assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, feedbackId)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
