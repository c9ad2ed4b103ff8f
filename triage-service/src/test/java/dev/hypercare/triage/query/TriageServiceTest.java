package dev.hypercare.triage.query;

import static dev.hypercare.triage.TestFeedback.withText;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import dev.hypercare.triage.priority.PriorityMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole service against a real (in-JVM) Kafka broker: raw topic in, priority topic and HTTP out. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TriageServiceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    PriorityMatrix matrix;

    /**
     * Kafka Streams starts in the background; until it runs, the query API rightly answers 503.
     * Tests begin once the readiness probe says the streams are running.
     */
    @BeforeEach
    void awaitStreamsRunning() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertThat(Instant.now()).as("triage-service ready within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** To the raw topic, acknowledged by the broker, as the ingest-service publishes. */
    private void publish(RawFeedback feedback) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Topics.FEEDBACK_RAW.keySerde().serializer(), Topics.FEEDBACK_RAW.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), feedback.feedbackId(), feedback)).get();
        }
    }

    @Test
    void shouldTriageAnOutageFromTheRawTopicToTheP1TopicAndServeItOverHttp() throws Exception {
        // given
        RawFeedback outage = withText("Checkout is down for everyone, we get 500 errors");

        // when an upstream producer publishes it, as the ingest-service does
        publish(outage);

        // then an ops consumer reading committed records sees it on the P1 topic
        ConsumerRecord<String, TriagedFeedback> p1 = TopicReader.awaitKey(bootstrapServers, Topics.PRIORITY_P1,
                outage.feedbackId(), Duration.ofSeconds(60));
        assertThat(p1).as("triaged item on %s", Topics.PRIORITY_P1.name()).isNotNull();
        assertThat(p1.value().priority()).isEqualTo(Priority.P1);
        assertThat(p1.value().decision().explanation().matrixCell()).isEqualTo("HIGH x HIGH -> P1");

        // and the query API answers with the same triage
        given().get("/api/v1/triage/{id}", outage.feedbackId())
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("feedbackId", equalTo(outage.feedbackId()))
                .body("priority", equalTo("P1"))
                .body("triagedAt", startsWith("20"))
                .body("decision.explanation.decidedBy", equalTo("rule:outage"))
                .body("decision.language", equalTo("en"));

        // and, once through the grouping repartition, its issue group is among the release's top issues
        Instant deadline = Instant.now().plusSeconds(60);
        String issues;
        do {
            Thread.sleep(200);
            issues = given().queryParam("release", outage.release()).queryParam("sourceApp", outage.sourceApp())
                    .get("/api/v1/issues").then().statusCode(200).extract().asString();
        } while (!issues.contains(outage.feedbackId()) && Instant.now().isBefore(deadline));
        assertThat(issues).contains("\"issueId\":\"issue-" + outage.feedbackId() + "\"");
        // and across all apps of the release too
        given().queryParam("release", outage.release()).get("/api/v1/issues")
                .then().statusCode(200).body("issueId", org.hamcrest.Matchers.hasItem("issue-" + outage.feedbackId()));
    }

    @Test
    void shouldGiveAnItemTheSparseModelIsUnsureOfTheEmbeddingsSecondOpinionWithTheShippedConfiguration() throws Exception {
        // given an item no rule decides and the default model's sparse part scores below 0.55 (0.44 as BUG)
        RawFeedback unsure = withText("The new update changed the menus");

        // when it is published to the raw topic
        publish(unsure);

        // then its triage says the cascade decided it, and why
        ConsumerRecord<String, TriagedFeedback> triaged = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_TRIAGED,
                unsure.feedbackId(), Duration.ofSeconds(60));
        assertThat(triaged).as("triaged item on %s", Topics.FEEDBACK_TRIAGED.name()).isNotNull();
        assertThat(triaged.value().decision().explanation().decidedBy())
                .startsWith("model:minibar-default@sha256:").endsWith("+e5-small-v2-q<0.55");
        assertThat(triaged.value().decision().explanation().signals())
                .anyMatch(s -> s.startsWith("model: e5-small-v2-q second opinion (sparse confidence 0.44 < 0.55)"));
        // and operators see what the cascade spends
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^hypercare_triage_classifier_second_opinions_total [1-9]")
                .containsPattern("(?m)^hypercare_triage_classifier_items_total [1-9]");
    }

    @Test
    void shouldShowTheRulesVersionInForce() {
        given().get("/api/v1/triage-rules")
                .then().statusCode(200)
                .body("documentName", equalTo("triage-policy"))
                .body("activeVersion", equalTo(dev.hypercare.triage.rules.RuleSetLoader.defaults().version()));
    }

    @Test
    void shouldPublishItsApiAsOpenApiWithASwaggerUi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/triage/{feedbackId}"))
                .body(containsString("/api/v1/issues"))
                .body(containsString("/api/v1/triage-rules"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void shouldRefuseAnIssuesQueryWithoutRelease() {
        given().get("/api/v1/issues").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("release"));
    }

    @Test
    void shouldRefuseALimitThatIsNotAWholeNumberInRangeAsProblemJson() {
        for (String limit : new String[] {"abc", "1.5", "0", "9999999999"}) {
            given().queryParam("release", "2.0").queryParam("limit", limit).get("/api/v1/issues")
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("detail", containsString("limit must be a whole number within 1.."))
                    .body("errors[0].field", equalTo("limit"));
        }
    }

    @Test
    void shouldAnswerNotFoundAsProblemJsonForAnUnknownFeedbackId() {
        given().get("/api/v1/triage/{id}", "no-such-id")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("detail", equalTo("No triaged feedback with id no-such-id"));
    }

    @Test
    void shouldReadTheShippedMatrixFromApplicationProperties() {
        // The properties are the configurable copy of the ITIL default; they must agree.
        PriorityMatrix itil = PriorityMatrix.itil();
        for (Level impact : Level.values()) {
            for (Level urgency : Level.values()) {
                assertThat(matrix.priorityOf(impact, urgency)).as("%s x %s", impact, urgency)
                        .isEqualTo(itil.priorityOf(impact, urgency));
            }
        }
    }
}
