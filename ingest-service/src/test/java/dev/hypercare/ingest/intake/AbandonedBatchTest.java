package dev.hypercare.ingest.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch whose caller goes away while its items are being sent: RESTEasy Reactive cancels the answer's Uni when the
 * connection closes. The sends must still be settled, or the keys stay claimed and their retries wait forever.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class AbandonedBatchTest {

    @Inject
    FeedbackIntake intake;

    @Test
    void shouldAnswerTheRetryOfAKeyWhoseBatchCallerGaveUpMidSend() throws InterruptedException {
        // given the service ready to tell replays apart (its view of accepted feedback caught up)
        for (int attempt = 0; given().contentType(ContentType.JSON).header("Idempotency-Key", "ready-" + UUID.randomUUID())
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"warm-up\"}")
                .post("/api/v1/feedback").statusCode() != 202; attempt++) {
            assertThat(attempt).as("keyed submissions accepted within 60 s").isLessThan(120);
            Thread.sleep(500);
        }
        String key = "abandoned-" + UUID.randomUUID();
        FeedbackSubmission item = new FeedbackSubmission("shop-web", "2.4.0", FeedbackChannel.API, null,
                "The export stops at page 3", null, null, null, null, null);
        List<FeedbackIntake.Pending> batch = List.of(new FeedbackIntake.Pending(item, "app:shop-web", key));

        // when its caller goes away as soon as the batch is under way
        intake.submitAll(batch).subscribe().with(answers -> { }, failure -> { }).cancel();

        // then a retry of the key, at once, gets an answer: the first send's outcome, as a replay
        List<FeedbackIntake.Accepted> retry = intake.submitAll(batch).await().atMost(Duration.ofSeconds(20));
        assertThat(retry).singleElement().satisfies(accepted -> {
            assertThat(accepted).isNotNull();
            assertThat(accepted.replayed()).isTrue();
        });
    }
}
