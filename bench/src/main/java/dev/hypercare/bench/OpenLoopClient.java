package dev.hypercare.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * An open-loop HTTP load generator: requests leave at a fixed rate whatever the server does, and
 * each one's latency is measured from its <em>intended</em> send time (start + i / rate), not from
 * when it actually left. A closed-loop tool (wrk) waits for a slow answer before sending the next
 * request and so hides exactly the stalls users see ("coordinated omission"); here a stall shows up
 * in the latency of every request that should have been sent during it.
 *
 * <p>Requests that wait for a free connection queue in the client's pool; that wait counts, as it
 * would for a real upstream app. Whatever has not completed {@link #GRACE} after the last intended
 * send is counted as timed out, with its latency up to then.
 *
 * <p>Every request carries the run's API key as {@code X-API-Key} when one is given (by default the
 * {@value #API_KEY_ENV} environment variable that {@code bench/run} exports): the ingest-service is
 * measured with its API keys, scopes and rate limit on (issue 4). Answers other than 202 are counted
 * per status ({@link Outcome#refusedByStatus}), so a run whose key is refused (401/403) or limited (429)
 * can fail instead of being reported as throughput.
 */
public final class OpenLoopClient implements AutoCloseable {

    /** Longer than the ingest-service's own ack timeout (10 s), so it answers 503 first. */
    static final Duration GRACE = Duration.ofSeconds(15);

    /** What one answered request looked like, for callers that need the body (the end-to-end probe). */
    public interface ResponseHandler {
        void onResponse(long index, int status, Buffer body, long intendedEpochMicros);
    }

    /** The environment variable holding the API key sent as {@code X-API-Key} (unset or blank: no key). */
    public static final String API_KEY_ENV = "BENCH_API_KEY";
    public static final String API_KEY_HEADER = "X-API-Key";

    /**
     * The outcome of one run, over the requests intended after the warm-up.
     *
     * @param refusedByStatus the measured answers other than 202, by HTTP status (sorted)
     * @param problems        the first few failed requests and answers the handler could not read, with their cause, so
     *                        that a report says why rather than only how many
     */
    public record Outcome(long intended, long accepted, long rejected, long failed, long timedOut,
                          Duration measured, Latency latency, double achievedRate, Map<Integer, Long> refusedByStatus,
                          List<String> problems) {

        /** Answers that mean the bench's key was not accepted (401, 403) or was rate limited (429). */
        public long authRefused() {
            return refusedByStatus.entrySet().stream()
                    .filter(e -> e.getKey() == 401 || e.getKey() == 403 || e.getKey() == 429)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final URI uri;
    private final String apiKey;

    /** A client that sends the key from {@value #API_KEY_ENV}, if set. */
    public OpenLoopClient(URI uri, int connections) {
        this(uri, connections, apiKeyFromEnvironment());
    }

    /** A client that sends {@code apiKey} as {@code X-API-Key} on every request (null or blank: none). */
    public OpenLoopClient(URI uri, int connections, String apiKey) {
        this.uri = uri;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        // One event loop: enough for tens of thousands of requests/s, and it leaves the second core to the server.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Every request is built on the client's event loop, never on the caller's thread. Built on the sender's thread,
     * the {@code compose} that asks for the body could be attached after the response had arrived, and Vert.x then
     * hands over an empty body (eclipse-vertx/vert.x#5904): about one 202 in 5,000 came back "empty" with
     * {@code content-length: 93}, the end-to-end probe could not read its id and counted it as failed and, until
     * then, twice in the latency histogram.
     */
    private final Context context;

    /** Sends a POST to {@code path} with a JSON body, outside the fixed-rate schedule (e.g. a lifecycle event). */
    public void post(String path, Buffer body, ResponseHandler handler, long index) {
        long sentMicros = epochMicros();
        // The handler is called once, after the exchange: called inside the chain, its own exception would fail the
        // future and call it a second time as a failed request.
        context.runOnContext(ignored -> client.request(post(path))
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(buffer -> new Answer(response.statusCode(), buffer)))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        handler.onResponse(index, done.result().status(), done.result().body(), sentMicros);
                    } else {
                        handler.onResponse(index, -1, null, sentMicros);
                    }
                }));
    }

    private record Answer(int status, Buffer body) {
    }

    /**
     * Sends {@code rate} requests a second for {@code warmup + duration}; requests intended during
     * the warm-up are sent and answered like the others but left out of the figures.
     */
    public Outcome run(double rate, Duration warmup, Duration duration, LongFunction<Buffer> bodies,
                       ResponseHandler handler) throws InterruptedException {
        String path = uri.getRawPath();
        return run(rate, warmup, duration, index -> path, bodies, handler);
    }

    /** The same, to a path per request (e.g. {@code /api/v1/feedback/<id>/events}). */
    public Outcome run(double rate, Duration warmup, Duration duration, LongFunction<String> paths, LongFunction<Buffer> bodies,
                       ResponseHandler handler) throws InterruptedException {
        long periodNanos = Math.round(1e9 / rate);
        long total = (long) Math.floor((warmup.toNanos() + duration.toNanos()) / (double) periodNanos);
        long firstMeasured = (long) Math.ceil(warmup.toNanos() / (double) periodNanos);
        Histogram latency = new SynchronizedHistogram(1, Latency.MAX_MICROS, 3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        long startNanos = System.nanoTime();
        long startEpochMicros = epochMicros();

        for (long i = 0; i < total; i++) {
            long intendedNanos = startNanos + i * periodNanos;
            parkUntil(intendedNanos);
            final long index = i;
            final boolean measured = i >= firstMeasured;
            final long intendedEpochMicros = startEpochMicros + (intendedNanos - startNanos) / 1000;
            context.runOnContext(ignored -> client.request(post(paths.apply(index)))
                    .compose(request -> request.send(bodies.apply(index)))
                    .compose(response -> response.body().map(body -> {
                        int status = response.statusCode();
                        if (status == 202 && body.length() == 0) {
                            // Every 202 of the ingest-service carries the new item's id: one without is a defect to report.
                            note(problems, "request " + index + ": HTTP 202 with an empty body; headers " + response.headers().entries());
                        }
                        if (measured) {
                            Latency.record(latency, (System.nanoTime() - intendedNanos) / 1000);
                            if (status == 202) {
                                accepted.incrementAndGet();
                            } else {
                                rejected.incrementAndGet();
                                refused.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                            }
                        }
                        if (handler != null) {
                            // Not allowed to fail the request: it was answered, and counted above.
                            try {
                                handler.onResponse(index, status, body, intendedEpochMicros);
                            } catch (RuntimeException e) {
                                note(problems, "request " + index + ": HTTP " + status + " answer not understood (" + e
                                        + "): " + body.toString(StandardCharsets.UTF_8));
                            }
                        }
                        return null;
                    }))
                    .onFailure(error -> {
                        if (measured) {
                            Latency.record(latency, (System.nanoTime() - intendedNanos) / 1000);
                            failed.incrementAndGet();
                        }
                        note(problems, "request " + index + " failed: " + error);
                    })
                    .onComplete(done -> completed.incrementAndGet()));
        }
        long lastIntended = startNanos + (total - 1) * periodNanos;
        long deadline = lastIntended + GRACE.toNanos();
        while (completed.get() < total && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long measuredCount = total - firstMeasured;
        long answered = accepted.get() + rejected.get() + failed.get();
        long timedOut = Math.max(0, measuredCount - answered);
        // Unanswered requests count with the latency they had reached: at least the grace period.
        if (timedOut > 0) {
            latency.recordValueWithCount(Math.min(Latency.MAX_MICROS, GRACE.toNanos() / 1000), timedOut);
        }
        Duration measured = Duration.ofNanos(Math.max(1, lastIntended + periodNanos - (startNanos + firstMeasured * periodNanos)));
        double achieved = accepted.get() / (measured.toNanos() / 1e9);
        Map<Integer, Long> refusedByStatus = new TreeMap<>();
        refused.forEach((status, count) -> refusedByStatus.put(status, count.get()));
        return new Outcome(measuredCount, accepted.get(), rejected.get(), failed.get(), timedOut, measured,
                Latency.of(latency), achieved, java.util.Collections.unmodifiableMap(refusedByStatus), List.copyOf(problems));
    }

    /** Keeps the first {@value #PROBLEMS_KEPT} problems of a run, each cut to 300 characters. */
    private static void note(Queue<String> problems, String problem) {
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(problem.length() > 300 ? problem.substring(0, 300) + "..." : problem);
        }
    }

    private static final int PROBLEMS_KEPT = 5;

    private RequestOptions post(String path) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(path).putHeader("Content-Type", "application/json");
        if (apiKey != null) {
            options.putHeader(API_KEY_HEADER, apiKey);
        }
        return options;
    }

    static String apiKeyFromEnvironment() {
        return System.getenv(API_KEY_ENV);
    }

    /**
     * Waits until {@code nanos} ({@link System#nanoTime()}) by parking, never spinning: a spinning sender
     * at a few thousand requests/s kept one of the machine's two cores busy, taken from the services it
     * measures. Waking up to ~100 µs late (Linux timer slack) only sends a few requests together, and
     * their latency still counts from the intended time.
     */
    static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
