package dev.hypercare.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.DeadLetters;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at both doors of the pipeline: a seeded corpus of malformed and hostile HTTP
 * requests against the ingest-service (every one refused with a 4xx, never a 5xx, and the service
 * still alive afterwards), and malformed records written straight to the raw topic (dead-lettered
 * with a reason while the records behind them are still triaged).
 *
 * <p>{@code -Dhypercare.faults.hostile} (3000 requests), {@code -Dhypercare.faults.seed} to replay a
 * failing corpus. See docs/reliability.md.
 */
class HostileInputIT {

    private static final int COUNT = Integer.getInteger("hypercare.faults.hostile", 3_000);
    private static final long SEED = Long.getLong("hypercare.faults.seed", System.nanoTime());
    private static final int IN_FLIGHT = 8;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static FaultPipeline pipeline;
    private final String release = "faults-hostile-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = FaultPipeline.start("hostile", false);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** What the service answered one request: the status, or {@link FeedbackLoad.Attempt#NO_ANSWER}. */
    private record Outcome(HostileCorpus.Request request, int status, String contentType, String body, String failure) {

        boolean problemJsonWhenBodied() {
            if (body == null || body.isEmpty()) {
                return true; // the HTTP layer's own refusals (413, 414, 431) carry no body
            }
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return false;
            }
            try {
                JsonNode problem = Json.mapper().readTree(body);
                return problem.path("status").asInt() == status && problem.hasNonNull("title");
            } catch (Exception notJson) {
                return false;
            }
        }

        String describe() {
            return status + " " + (failure != null ? failure + " " : "") + "<- " + request.describe();
        }
    }

    @Test
    void malformedAndHostileRequestsGetA4xxNeverA5xxAndTheServiceStaysUp() throws Exception {
        // given a seeded corpus of malformed and hostile requests
        System.out.printf("HostileInputIT: seed=%d requests=%d (reproduce with -Dhypercare.faults.seed=%d)%n", SEED, COUNT, SEED);
        List<HostileCorpus.Request> corpus = new HostileCorpus(SEED, release).generate(COUNT);

        // when they are all sent to the ingest-service's real endpoints
        List<Outcome> outcomes = sendAll(corpus);

        // then malformed ones get a 4xx (problem+json when there is a body), valid ones a 202, none a 5xx
        List<Outcome> fiveHundreds = outcomes.stream().filter(o -> o.status() >= 500).toList();
        List<Outcome> refusals = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.REFUSED).toList();
        List<Outcome> notRefused = refusals.stream().filter(o -> o.status() < 400 || o.status() >= 500).toList();
        List<Outcome> notProblems = refusals.stream()
                .filter(o -> o.status() >= 400 && o.status() < 500 && !o.problemJsonWhenBodied()).toList();
        List<Outcome> valid = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.ACCEPTED).toList();
        List<Outcome> validNotAccepted = valid.stream().filter(o -> o.status() != 202).toList();
        List<Outcome> gaps = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.KNOWN_GAP).toList();
        List<Outcome> gapsNeither4xxNor202 = gaps.stream()
                .filter(o -> o.status() != 202 && (o.status() < 400 || o.status() >= 500)).toList();
        long gapsAccepted = gaps.stream().filter(o -> o.status() == 202).count();
        Map<Integer, Long> byStatus = outcomes.stream()
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        var live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pipeline.ingest.baseUrl() + "/q/health/live"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("HostileInputIT: bad-inputs-tried=%d refused-4xx=%d 5xx=%d unexpected=%d "
                        + "known-gaps-tried=%d known-gaps-accepted=%d valid-hostile-tried=%d valid-hostile-accepted=%d "
                        + "statuses=%s seed=%d%n",
                refusals.size() + gaps.size(), refusals.size() - notRefused.size(), fiveHundreds.size(),
                notRefused.size() + validNotAccepted.size() + gapsNeither4xxNor202.size(),
                gaps.size(), gapsAccepted, valid.size(), valid.size() - validNotAccepted.size(), byStatus, SEED);

        assertThat(fiveHundreds).as("5xx answers (seed %d); logs under %s", SEED, pipeline.logs())
                .extracting(Outcome::describe).isEmpty();
        assertThat(notRefused).as("malformed requests not refused with a 4xx (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(notProblems).as("4xx with a body that is not problem+json (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(validNotAccepted).as("valid but hostile requests not accepted (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(gapsNeither4xxNor202).as("known gaps answered with neither a 4xx nor a 202 (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(pipeline.ingest.isAlive()).as("ingest-service process alive").isTrue();
        assertThat(live.statusCode()).as("/q/health/live after the corpus").isEqualTo(200);

        // and the odd but valid items were triaged: hostile text does not break triage downstream
        Set<String> acceptedIds = valid.stream()
                .map(o -> feedbackId(o.body()))
                .collect(Collectors.toSet());
        var triaged = TopicReader.readUntil(pipeline.bootstrapServers(), Topics.FEEDBACK_TRIAGED,
                records -> records.stream().map(r -> r.key()).collect(Collectors.toSet()).containsAll(acceptedIds), WAIT);
        assertThat(triaged.stream().map(r -> r.key()).collect(Collectors.toSet()))
                .as("odd but valid items on the triaged topic").containsAll(acceptedIds);
    }

    @Test
    void malformedRecordsOnTheRawTopicAreDeadLetteredWithAReasonAndLaterRecordsAreStillTriaged() throws Exception {
        // given malformed records written straight to the raw topic, on every partition, then good ones behind them
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("not-json", "this is not json".getBytes(StandardCharsets.UTF_8));
        bad.put("empty", new byte[0]);
        bad.put("tombstone", null);
        bad.put("json-array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        bad.put("json-scalar", "42".getBytes(StandardCharsets.UTF_8));
        bad.put("truncated", "{\"feedbackId\":\"x\",\"text\":\"cut".getBytes(StandardCharsets.UTF_8));
        bad.put("invalid-utf8", new byte[] {'{', '"', 't', (byte) 0xC3, 0x28, '"', ':', '1', '}'});
        bad.put("missing-fields", "{\"schemaVersion\":1,\"text\":\"no id, release or app\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("wrong-types", ("{\"schemaVersion\":\"one\",\"feedbackId\":42,\"receivedAt\":\"yesterday\","
                + "\"sourceApp\":[],\"release\":{},\"text\":true}").getBytes(StandardCharsets.UTF_8));
        byte[] garbage = new byte[200_000];
        new java.util.Random(SEED).nextBytes(garbage);
        bad.put("binary-garbage", garbage);
        int partitions = Topics.FEEDBACK_RAW.partitions();
        Map<String, RecordMetadata> written = new HashMap<>();
        List<String> goodIds = new ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                for (var entry : bad.entrySet()) {
                    String name = entry.getKey() + "@p" + partition;
                    written.put(name, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), partition,
                            name.getBytes(StandardCharsets.UTF_8), entry.getValue())).get(30, TimeUnit.SECONDS));
                }
                // A record whose key is not its feedback id, and one without a key that is not JSON.
                RawFeedback mismatched = good("key mismatch");
                written.put("key-mismatch@p" + partition, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(),
                        partition, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), mismatched)))
                        .get(30, TimeUnit.SECONDS));
                written.put("null-key@p" + partition, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(),
                        partition, null, "{not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS));
            }
            for (int partition = 0; partition < partitions; partition++) {
                RawFeedback feedback = good("Checkout is down, every payment fails with a 500 error.");
                goodIds.add(feedback.feedbackId());
                producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), partition,
                        feedback.feedbackId().getBytes(StandardCharsets.UTF_8),
                        Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), feedback)))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        // when triage has read them, then every bad record is on the dead-letter topic with a reason
        Set<String> wanted = written.values().stream().map(m -> m.partition() + "@" + m.offset()).collect(Collectors.toSet());
        var deadLetters = TopicReader.readUntil(pipeline.bootstrapServers(), Topics.DEADLETTER,
                records -> records.stream().map(HostileInputIT::source).collect(Collectors.toSet()).containsAll(wanted), WAIT);
        Map<String, String> reasonBySource = new HashMap<>();
        deadLetters.forEach(r -> reasonBySource.put(source(r), DeadLetters.get(r.headers(), DeadLetters.REASON)));
        List<String> missing = new ArrayList<>();
        List<String> withoutReason = new ArrayList<>();
        written.forEach((name, meta) -> {
            String key = meta.partition() + "@" + meta.offset();
            if (!reasonBySource.containsKey(key)) {
                missing.add(name);
            } else if (reasonBySource.get(key) == null || reasonBySource.get(key).isBlank()) {
                withoutReason.add(name);
            }
        });
        // and the good records behind them, on every partition, are triaged
        var triaged = TopicReader.readUntil(pipeline.bootstrapServers(), Topics.FEEDBACK_TRIAGED,
                records -> records.stream().map(r -> r.key()).collect(Collectors.toSet()).containsAll(goodIds), WAIT);
        Set<String> triagedIds = triaged.stream().map(r -> r.key()).collect(Collectors.toSet());
        System.out.printf("HostileInputIT: raw-records-malformed=%d dead-lettered=%d without-reason=%d "
                        + "good-after-them=%d triaged=%d%n", written.size(), written.size() - missing.size(),
                withoutReason.size(), goodIds.size(), goodIds.stream().filter(triagedIds::contains).count());

        assertThat(missing).as("malformed raw records missing from %s; logs under %s",
                Topics.DEADLETTER.name(), pipeline.logs()).isEmpty();
        assertThat(withoutReason).as("dead letters without %s", DeadLetters.REASON).isEmpty();
        assertThat(triagedIds).as("good records written after the malformed ones").containsAll(goodIds);
    }

    private static String feedbackId(String accepted) {
        try {
            return Json.mapper().readTree(accepted).path("feedbackId").asText();
        } catch (Exception e) {
            throw new IllegalStateException("a 202 without a feedback id: " + accepted, e);
        }
    }

    private RawFeedback good(String text) {
        String id = UUID.randomUUID().toString();
        return new RawFeedback(RawFeedback.SCHEMA_VERSION, id, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "hostile-suite", release, FeedbackChannel.API, null, text, null, null, 500, null, null);
    }

    private static String source(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> deadLetter) {
        return DeadLetters.get(deadLetter.headers(), DeadLetters.SOURCE_PARTITION) + "@"
                + DeadLetters.get(deadLetter.headers(), DeadLetters.SOURCE_OFFSET);
    }

    private static List<Outcome> sendAll(List<HostileCorpus.Request> corpus) throws Exception {
        var executor = Executors.newFixedThreadPool(4);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (HostileCorpus.Request request : corpus) {
                inFlight.acquire();
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(pipeline.ingest.baseUrl() + request.path()))
                        .timeout(Duration.ofSeconds(60))
                        .method(request.method(), request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
                if (request.contentType() != null) {
                    builder.header("Content-Type", request.contentType());
                }
                request.headers().forEach(builder::header);
                HttpClient client = request.closesConnection() ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build() : http;
                futures.add(client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                        .handle((response, failure) -> {
                            inFlight.release();
                            if (failure != null) {
                                return new Outcome(request, FeedbackLoad.Attempt.NO_ANSWER, null, null,
                                        failure.getClass().getSimpleName() + ": " + failure.getMessage());
                            }
                            return new Outcome(request, response.statusCode(),
                                    response.headers().firstValue("Content-Type").orElse(null), response.body(), null);
                        }));
            }
            return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .thenApply(done -> futures.stream().map(CompletableFuture::join).toList())
                    .get(10, TimeUnit.MINUTES);
        } finally {
            executor.shutdownNow();
        }
    }
}
