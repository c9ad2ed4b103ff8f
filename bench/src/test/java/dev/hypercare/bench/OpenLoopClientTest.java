package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator against a local server that answers at once: the schedule and the accounting. */
class OpenLoopClientTest {

    private Vertx vertx;
    private HttpServer server;
    private final AtomicLong received = new AtomicLong();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.incrementAndGet();
                    // Every 4th request is refused, as a 503 from the ingest-service would be.
                    request.response().setStatusCode(body.toString().endsWith("3") ? 503 : 202).end("{}");
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() {
        vertx.close();
    }

    @Test
    void sendsExactlyTheRateAndCountsOnlyTheMeasuredWindow() throws Exception {
        try (OpenLoopClient client = new OpenLoopClient(URI.create("http://127.0.0.1:" + server.actualPort() + "/x"), 8)) {
            var outcome = client.run(400, Duration.ofMillis(250), Duration.ofMillis(500),
                    index -> Buffer.buffer("body-" + (index % 4)), null);
            // 0.75 s at 400/s = 300 requests, of which the last 200 are measured.
            assertThat(received.get()).isEqualTo(300);
            assertThat(outcome.intended()).isEqualTo(200);
            assertThat(outcome.accepted()).isEqualTo(150);
            assertThat(outcome.rejected()).isEqualTo(50);
            assertThat(outcome.failed() + outcome.timedOut()).isZero();
            assertThat(outcome.achievedRate()).isEqualTo(300.0);
            assertThat(outcome.latency().count()).isEqualTo(200);
        }
    }
}
