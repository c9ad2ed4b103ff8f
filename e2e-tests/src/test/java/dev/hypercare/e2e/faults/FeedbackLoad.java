package dev.hypercare.e2e.faults;

import dev.hypercare.e2e.IngestClient;
import dev.hypercare.kafka.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved upstream app under test: submits {@code events} pieces of feedback over HTTP with a
 * bounded number in flight and a bounded rate, and retries an event after a 503 or a 429 (honouring
 * Retry-After) or after no answer at all. By default every attempt is a NEW submission with its own
 * {@code clientId} (the ingest-service's default idempotency key), so the audit can tell which
 * attempt produced which record; only the ids answered with 202 count as accepted. With
 * {@code idempotentRetries}, all attempts of one event carry the same {@code Idempotency-Key} and
 * {@code clientId}, as a client that uses the keys should, and must all get the same id.
 */
final class FeedbackLoad {

    /** Above the ingest-service's own ack timeout (10 s), so normally the service answers first. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Feedback texts that exercise every category and priority of the default rules. */
    private static final List<String> TEXTS = List.of(
            "Checkout is down for everyone, every payment fails with a 500 error.",
            "Since the update my saved invoices are gone, data loss on the account page.",
            "The export button crashes the app when the list has more than 100 rows.",
            "Could you add a dark mode to the dashboard? It would be nice.",
            "How do I change the e-mail address of my account?",
            "Love the new dashboard, great job to the whole team!",
            "The search page is very slow, it takes 20 seconds to load.",
            "Someone else's order history shows up in my account, security problem.",
            "Le paiement ne fonctionne plus depuis la mise à jour.",
            "Just some remarks about colours, nothing urgent.");

    /**
     * @param events       how many distinct pieces of feedback to get accepted
     * @param maxInFlight  events being worked on at once (an event holds its slot through its retries)
     * @param ratePerSecond new events started per second at most
     * @param release      the run's own release, so the audit can pick this run's records
     * @param giveUpAfter  an event not accepted within this time since its first attempt is abandoned
     * @param idempotentRetries one idempotency key per event instead of one per attempt
     * @param noAnswerBackoff   the wait before retrying an attempt that got no answer (reset, refused, timeout)
     */
    record Settings(int events, int maxInFlight, int ratePerSecond, String release, Duration giveUpAfter,
                    boolean idempotentRetries, Duration noAnswerBackoff) {

        /**
         * The fault tests' load, sized by {@code -Dhypercare.faults.events} (20000 in CI),
         * {@code .rate} (events/s, 400), {@code .in-flight} (32) and {@code .idempotent-retries}
         * (retries with the same Idempotency-Key: then not even an unacknowledged record may add an item).
         */
        static Settings fromSystemProperties(String release, Duration giveUpAfter) {
            return new Settings(Integer.getInteger("hypercare.faults.events", 20_000),
                    Integer.getInteger("hypercare.faults.in-flight", 32),
                    Integer.getInteger("hypercare.faults.rate", 400), release, giveUpAfter,
                    Boolean.getBoolean("hypercare.faults.idempotent-retries"), Duration.ofSeconds(1));
        }

        /** The same load with every attempt of an event under one Idempotency-Key. */
        Settings withIdempotentRetries() {
            return new Settings(events, maxInFlight, ratePerSecond, release, giveUpAfter, true, noAnswerBackoff);
        }

        Settings withEvents(int events) {
            return new Settings(events, maxInFlight, ratePerSecond, release, giveUpAfter, idempotentRetries, noAnswerBackoff);
        }

        /** A client that tries again soon after a refused connection, as many HTTP client libraries' retry policies do. */
        Settings withNoAnswerBackoff(Duration backoff) {
            return new Settings(events, maxInFlight, ratePerSecond, release, giveUpAfter, idempotentRetries, backoff);
        }
    }

    /**
     * One HTTP submission.
     *
     * @param event      which logical event (0..events-1) it belongs to
     * @param clientId   unique per attempt (per event with idempotent retries); carried into the raw,
     *                   triaged and priority records
     * @param sentAt     epoch millis when the request was handed to the HTTP client
     * @param answeredAt epoch millis of the answer (or of the failure)
     * @param status     the HTTP status, or {@link #NO_ANSWER} when none came (timeout, reset)
     * @param feedbackId the id answered with a 202, else null
     * @param retryAfter the Retry-After header of a 503, else null
     * @param replayed   a 202 that named an earlier attempt's item ({@code Idempotent-Replayed: true})
     */
    record Attempt(int event, String clientId, long sentAt, long answeredAt, int status, String feedbackId,
                   String retryAfter, String failure, boolean replayed) {
        static final int NO_ANSWER = 0;

        boolean accepted() {
            return status == 202;
        }
    }

    /** Everything the client saw. */
    record Result(Settings settings, List<Attempt> attempts, int abandoned, long millis) {

        Map<String, Attempt> acceptedById() {
            Map<String, Attempt> byId = new LinkedHashMap<>();
            attempts.stream().filter(Attempt::accepted).forEach(a -> byId.put(a.feedbackId(), a));
            return byId;
        }

        Map<String, Attempt> byClientId() {
            Map<String, Attempt> byClientId = new LinkedHashMap<>();
            attempts.forEach(a -> byClientId.put(a.clientId(), a));
            return byClientId;
        }

        long count(int status) {
            return attempts.stream().filter(a -> a.status() == status).count();
        }

        long count5xx() {
            return attempts.stream().filter(a -> a.status() >= 500).count();
        }
    }

    private final Settings settings;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4);
    private final IngestClient ingest;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final CountDownLatch finished;
    private final AtomicInteger acceptedEvents = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    private FeedbackLoad(String ingestBaseUrl, Settings settings) {
        this.settings = settings;
        this.ingest = new IngestClient(ingestBaseUrl, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpThreads)
                .build());
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.finished = new CountDownLatch(settings.events());
    }

    /** Starts submitting in the background; {@link #result()} completes when every event is settled. */
    static FeedbackLoad start(String ingestBaseUrl, Settings settings) {
        FeedbackLoad load = new FeedbackLoad(ingestBaseUrl, settings);
        Thread dispatcher = new Thread(load::dispatch, "feedback-load");
        dispatcher.setDaemon(true);
        dispatcher.start();
        return load;
    }

    CompletableFuture<Result> result() {
        return result;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Events answered 202 so far: the progress the fault schedules key on. */
    int acceptedSoFar() {
        return acceptedEvents.get();
    }

    /** Attempts made so far (a snapshot), for windows checked while the load still runs. */
    List<Attempt> attemptsSoFar() {
        return new ArrayList<>(attempts);
    }

    private void dispatch() {
        long start = System.nanoTime();
        try {
            for (int event = 0; event < settings.events(); event++) {
                inFlight.acquire();
                long due = start + event * 1_000_000_000L / settings.ratePerSecond();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                submit(event, 1, System.currentTimeMillis() + settings.giveUpAfter().toMillis());
            }
            finished.await();
            result.complete(new Result(settings, List.copyOf(attempts), abandoned.get(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            retries.shutdownNow();
            httpThreads.shutdownNow();
        }
    }

    private void submit(int event, int attempt, long giveUpAt) {
        String clientId = settings.idempotentRetries()
                ? settings.release() + "-e" + event
                : settings.release() + "-e" + event + "-a" + attempt;
        Map<String, String> headers = settings.idempotentRetries() ? Map.of("Idempotency-Key", clientId) : Map.of();
        long sentAt = System.currentTimeMillis();
        ingest.postAsync(IngestClient.FEEDBACK, body(event, clientId), headers, REQUEST_TIMEOUT).whenComplete((response, failure) -> {
            long answeredAt = System.currentTimeMillis();
            if (failure != null) {
                attempts.add(new Attempt(event, clientId, sentAt, answeredAt, Attempt.NO_ANSWER, null, null,
                        failure.getClass().getSimpleName() + ": " + failure.getMessage(), false));
                retryOrAbandon(event, attempt, giveUpAt, settings.noAnswerBackoff().toMillis());
                return;
            }
            int status = response.statusCode();
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            String feedbackId = status == 202 ? feedbackId(response.body()) : null;
            attempts.add(new Attempt(event, clientId, sentAt, answeredAt, status, feedbackId, retryAfter,
                    status == 202 ? null : response.body(),
                    status == 202 && response.headers().firstValue("Idempotent-Replayed").isPresent()));
            if (status == 202) {
                acceptedEvents.incrementAndGet();
                settle();
            } else if (status == 503 || status == 429) {
                // Kafka unavailable, or over a rate limit: not accepted; the app comes back after Retry-After.
                retryOrAbandon(event, attempt, giveUpAt, retryAfterMillis(retryAfter));
            } else {
                // Any other answer to valid feedback is a defect the test reports; retrying would hide it.
                settle();
            }
        });
    }

    private void retryOrAbandon(int event, int attempt, long giveUpAt, long delayMs) {
        if (System.currentTimeMillis() + delayMs > giveUpAt) {
            abandoned.incrementAndGet();
            settle();
            return;
        }
        retries.schedule(() -> submit(event, attempt + 1, giveUpAt), delayMs, TimeUnit.MILLISECONDS);
    }

    private void settle() {
        inFlight.release();
        finished.countDown();
    }

    private Map<String, Object> body(int event, String clientId) {
        Map<String, Object> body = IngestClient.feedback("fault-suite", settings.release(), TEXTS.get(event % TEXTS.size()));
        // A spread of impacts: 0..499 users, so the impact thresholds (10, 100) are crossed.
        body.put("affectedUsers", (event * 7919) % 500);
        body.put("clientId", clientId);
        return body;
    }

    private static String feedbackId(String body) {
        try {
            return Json.mapper().readTree(body).path("feedbackId").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static long retryAfterMillis(String header) {
        try {
            return Math.max(1, Long.parseLong(header.trim())) * 1000;
        } catch (RuntimeException absentOrDate) {
            return 1000;
        }
    }
}
