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
    private final java.util.Set<String> keysSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.incrementAndGet();
                    String key = request.getHeader("X-API-Key");
                    keysSeen.add(String.valueOf(key));
                    // Every 4th request is refused, as a 503 from the ingest-service would be; a wrong key gets 401.
                    int status = key != null && !key.equals("good") ? 401 : body.toString().endsWith("3") ? 503 : 202;
                    request.response().setStatusCode(status).end("{}");
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() {
        vertx.close();
    }

    @Test
    void sendsExactlyTheRateAndCountsOnlyTheMeasuredWindow() throws Exception {
        try (OpenLoopClient client = new OpenLoopClient(URI.create("http://127.0.0.1:" + server.actualPort() + "/x"), 8, null)) {
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

    @Test
    void givenAKeyWhenRunThenEveryRequestCarriesItAndRefusalsAreCountedByStatus() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/x");
        try (OpenLoopClient client = new OpenLoopClient(uri, 4, "good")) {
            var outcome = client.run(200, Duration.ZERO, Duration.ofMillis(200), index -> Buffer.buffer("body-" + (index % 4)), null);
            assertThat(keysSeen).containsExactly("good");
            assertThat(outcome.refusedByStatus()).containsExactly(org.assertj.core.api.Assertions.entry(503, 10L));
            assertThat(outcome.authRefused()).isZero();
        }
        try (OpenLoopClient client = new OpenLoopClient(uri, 4, "wrong")) {
            var outcome = client.run(200, Duration.ZERO, Duration.ofMillis(200), index -> Buffer.buffer("body-0"), null);
            assertThat(outcome.authRefused()).isEqualTo(40);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bench.failOnAuthRefusals("x", outcome))
                    .hasMessageContaining("40 of 40 requests refused with 401/403/429");
        }
    }
}
