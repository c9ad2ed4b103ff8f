package dev.hypercare.ingest.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.support.OtherReplica;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The feedback view applies what it reads back without holding anything the request threads wait for: while its
 * thread is in the middle of a poll, single events, keyed retries and lifecycle events are still answered.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackViewConcurrencyTest {

    private static final String BODY = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Search is slow\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    FeedbackView view;

    @Inject
    Vertx vertx;

    @Test
    void shouldAnswerRequestsWhileTheViewIsInTheMiddleOfApplyingAPoll() throws Exception {
        // given: the view's thread stopped inside a poll, at a record another replica wrote
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String markerId = UUID.randomUUID().toString();
        view.beforeApply(record -> {
            if (markerId.equals(record.key())) {
                parked.countDown();
                await(release);
            }
        });
        try {
            OtherReplica.accepted(bootstrapServers, markerId, "written by another replica");
            assertThat(parked.await(20, TimeUnit.SECONDS)).as("the view reached the other replica's record").isTrue();

            // when: requests that add ids to the view and look them up, each given 10 s
            String key = "during-poll-" + UUID.randomUUID();
            String first = within(Duration.ofSeconds(10), () -> given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(BODY).post("/api/v1/feedback").then().statusCode(202).extract().<String>path("feedbackId"));
            String retry = within(Duration.ofSeconds(10), () -> given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(BODY).post("/api/v1/feedback").then().statusCode(202).header("Idempotent-Replayed", "true")
                    .extract().<String>path("feedbackId"));
            String unkeyed = within(Duration.ofSeconds(10), () -> given().contentType(ContentType.JSON)
                    .body(BODY).post("/api/v1/feedback").then().statusCode(202).extract().<String>path("feedbackId"));
            within(Duration.ofSeconds(10), () -> given().contentType(ContentType.JSON).body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                    .post("/api/v1/feedback/{id}/events", unkeyed).then().statusCode(202).extract().statusCode());

            // then: all answered while the view's thread was still parked in its poll
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(retry).isEqualTo(first);
            assertThat(view.find(unkeyed)).hasValueSatisfying(item -> assertThat(item.status()).isEqualTo(LifecycleType.ACKNOWLEDGED));
        } finally {
            release.countDown();
            view.beforeApply(null);
        }
        // and the view goes on with the poll once released
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (view.find(markerId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(view.find(markerId)).isPresent();
    }

    @Test
    void shouldAnswerAWaitForAnIdOnTheCallersContext() throws Exception {
        // given: a caller on an event loop waiting for an id another replica is about to write
        String feedbackId = UUID.randomUUID().toString();
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Boolean> foundOnContext = new CompletableFuture<>();
        context.runOnContext(ignored -> view.await(feedbackId, Duration.ofSeconds(15)).subscribe().with(
                item -> foundOnContext.complete(item.isPresent() && Vertx.currentContext() == context),
                foundOnContext::completeExceptionally));

        // when
        OtherReplica.accepted(bootstrapServers, feedbackId, "written by another replica");

        // then: found, and answered on the caller's context rather than Mutiny's timer thread
        assertThat(foundOnContext.get(20, TimeUnit.SECONDS)).isTrue();
    }

    private static <T> T within(Duration limit, java.util.concurrent.Callable<T> request) throws Exception {
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return request.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
