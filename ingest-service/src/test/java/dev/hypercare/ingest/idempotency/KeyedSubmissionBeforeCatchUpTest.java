package dev.hypercare.ingest.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Just after a restart the feedback view has not yet read back what this service accepted before it
 * died. A keyed retry of a request that the crash cut off before its answer arrives then, and its
 * original may be in the part not read yet: publishing it would put the same id on the raw topic
 * twice. Such a submission is answered 503 with Retry-After and nothing is published; once the view
 * has caught up the same key is accepted once. Unkeyed feedback does not need the view.
 *
 * <p>The view here really reads the real broker; only its "caught up" answer is held back by the
 * test ({@link ViewStillReading}), since a real catch-up on a test broker takes milliseconds.
 */
@QuarkusTest
@TestProfile(KeyedSubmissionBeforeCatchUpTest.HeldView.class)
@WithTestResource(KafkaBrokerResource.class)
class KeyedSubmissionBeforeCatchUpTest {

    public static class HeldView implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ViewStillReading.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypercare.ingest.retry-after", "3S");
        }
    }

    /** The service's own view, whose catch-up the test holds back and then lets through. */
    @Alternative
    @Singleton // not normal-scoped: a client proxy would need a no-args constructor the view does not have
    public static class ViewStillReading extends FeedbackView {
        private volatile boolean held;

        public ViewStillReading(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                @ConfigProperty(name = "hypercare.ingest.view.enabled", defaultValue = "true") boolean enabled,
                                @ConfigProperty(name = "hypercare.ingest.view.max-items", defaultValue = "200000") int maxItems,
                                @ConfigProperty(name = "hypercare.ingest.view.poll-interval", defaultValue = "PT0.1S") Duration pollInterval,
                                @ConfigProperty(name = "hypercare.ingest.view.partition-check", defaultValue = "30S") Duration partitionCheck) {
            super(kafkaConfig, enabled, maxItems, pollInterval, partitionCheck);
        }

        @Override
        public boolean caughtUp() {
            return !held && super.caughtUp();
        }

        void hold(boolean held) {
            this.held = held;
        }

        /** Whether the view underneath has really read the raw topic (the service's own answer, not held). */
        boolean readerCaughtUp() {
            return super.caughtUp();
        }
    }

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Search is slow\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    FeedbackView view;

    @BeforeEach
    void viewStillReading() throws InterruptedException {
        // The real reader first catches up (the test application may have started a moment ago), so that letting the
        // hold go below means "caught up" at once; then the service is made to answer as if it were still reading.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!((ViewStillReading) view).readerCaughtUp() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(((ViewStillReading) view).readerCaughtUp()).as("the feedback view read the raw topic").isTrue();
        ((ViewStillReading) view).hold(true);
    }

    @AfterEach
    void viewCaughtUp() {
        ((ViewStillReading) view).hold(false);
    }

    @Test
    void shouldRefuseAKeyedSubmissionWith503AndPublishNothingUntilTheViewHasCaughtUp() {
        // given
        String key = "cut-off-" + UUID.randomUUID();
        String id = DeterministicIds.feedbackId("app:shop-web", key);

        // when: the retry arrives while the view is still reading
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("3"))
                .body("type", equalTo("urn:hypercare:problem:not-ready"))
                .body("detail", notNullValue());

        // and: nothing published; the instance says it is not ready
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).isEmpty();
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'hypercare-feedback-view' }.status", equalTo("DOWN"));

        // then: once caught up, the same key is accepted, once
        ((ViewStillReading) view).hold(false);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(202).body("feedbackId", equalTo(id));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).hasSize(1);
    }

    @Test
    void shouldAcceptUnkeyedFeedbackWhileTheViewIsStillReading() {
        // when: feedback without a key, which needs no view to be accepted once
        String id = given().contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract().path("feedbackId");

        // then
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id)).hasSize(1);
    }

    @Test
    void shouldAnswerABatchsKeyedItemsFailedAndAcceptItsUnkeyedOnesWhileTheViewIsStillReading() {
        // given: one item keyed by its clientId, one without a key
        String clientId = "batch-cut-off-" + UUID.randomUUID();
        String body = "[{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"It crashes\",\"clientId\":\"" + clientId + "\"},"
                + BODY + "]";

        // when
        JsonPath answer = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(503).header("Retry-After", equalTo("3")).extract().jsonPath();

        // then: the keyed item is FAILED (retry it) and not published, the unkeyed one accepted
        assertThat(answer.getString("items[0].status")).isEqualTo("FAILED");
        assertThat(answer.getString("items[1].status")).isEqualTo("ACCEPTED");
        String keyedId = DeterministicIds.feedbackId("app:shop-web", clientId);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, keyedId)).isEmpty();
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, answer.getString("items[1].feedbackId"))).hasSize(1);
    }

    @Test
    void shouldAnswerAnUnknownItemsStatus503BeforeTheViewHasCaughtUpAnd404After() {
        // given an id nobody sent, asked for while the view is still reading: its absence proves nothing yet
        String path = "/api/v1/feedback/" + UUID.randomUUID();
        given().when().get(path)
                .then().statusCode(503)
                .header("Retry-After", equalTo("3"))
                .body("type", equalTo("urn:hypercare:problem:not-ready"));

        // when the view has caught up, then the same id is unknown
        ((ViewStillReading) view).hold(false);
        given().when().get(path)
                .then().statusCode(404)
                .body("type", equalTo("urn:hypercare:problem:unknown-feedback"));
    }
}
