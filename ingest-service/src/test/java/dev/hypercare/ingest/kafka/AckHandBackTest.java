package dev.hypercare.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Work after the broker's ack (the view, the metrics, the HTTP answer) never runs on the thread that reported the
 * ack: the producer's one network thread carries every record of the service. It runs on the caller's Vert.x
 * context, or, for a caller on none, on Mutiny's default executor.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class AckHandBackTest {

    @Inject
    KafkaPublisher publisher;

    @Inject
    Vertx vertx;

    @Test
    void shouldContinueALifecycleEventOfACallerWithoutVertxContextOffTheProducersThread() throws Exception {
        // given: a caller on a plain thread (as after the feedback view's timer)
        Supplier<Uni<Void>> publish = () -> publisher.publish(lifecycleEvent());

        // when
        String thread = continuationThread(publish);

        // then
        assertThat(thread).doesNotStartWith("kafka-producer-network-thread").doesNotStartWith("hypercare-ack-timeouts");
    }

    @Test
    void shouldContinueFeedbackOfACallerWithoutVertxContextOffTheProducersThread() throws Exception {
        // given
        Supplier<Uni<BrokerUnavailableException[]>> publish = () -> publisher.publishAll(List.of(rawFeedback(), rawFeedback()));

        // when
        String thread = continuationThread(publish);

        // then
        assertThat(thread).doesNotStartWith("kafka-producer-network-thread").doesNotStartWith("hypercare-ack-timeouts");
    }

    @Test
    void shouldContinueOnTheCallersOwnContext() throws Exception {
        // given: a caller on an event loop, as a request is
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Boolean> lifecycleOnContext = new CompletableFuture<>();
        CompletableFuture<Boolean> feedbackOnContext = new CompletableFuture<>();

        // when
        context.runOnContext(ignored -> {
            publisher.publish(lifecycleEvent()).subscribe().with(
                    done -> lifecycleOnContext.complete(Vertx.currentContext() == context), lifecycleOnContext::completeExceptionally);
            publisher.publishAll(List.of(rawFeedback())).subscribe().with(
                    failures -> feedbackOnContext.complete(failures[0] == null && Vertx.currentContext() == context),
                    feedbackOnContext::completeExceptionally);
        });

        // then
        assertThat(lifecycleOnContext.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(feedbackOnContext.get(20, TimeUnit.SECONDS)).isTrue();
    }

    private static <T> String continuationThread(Supplier<Uni<T>> publish) throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        publish.get().subscribe().with(ignored -> thread.complete(Thread.currentThread().getName()), thread::completeExceptionally);
        return thread.get(20, TimeUnit.SECONDS);
    }

    private static LifecycleEvent lifecycleEvent() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                LifecycleType.ACKNOWLEDGED, "agent-7", now, now, null, null);
    }

    private static RawFeedback rawFeedback() {
        return new RawFeedback(RawFeedback.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "shop-web", "2.4.0", FeedbackChannel.API, null, "Search is slow", null, null, null, null, null);
    }
}
