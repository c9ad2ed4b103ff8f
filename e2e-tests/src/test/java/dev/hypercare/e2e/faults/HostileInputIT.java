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
        pipeline = FaultPipeline.start("hostile", true);
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
    void malformedRequestsGetA4xxNeverA5xxAndHostileButValidOnesAreAcceptedAndTriaged() throws Exception {
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
        Map<Integer, Long> byStatus = outcomes.stream()
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        var live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pipeline.ingest.baseUrl() + "/q/health/live"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("HostileInputIT: bad-inputs-tried=%d refused-4xx=%d 5xx=%d unexpected=%d "
                        + "valid-hostile-tried=%d valid-hostile-accepted=%d statuses=%s seed=%d%n",
                refusals.size(), refusals.size() - notRefused.size(), fiveHundreds.size(),
                notRefused.size() + validNotAccepted.size(),
                valid.size(), valid.size() - validNotAccepted.size(), byStatus, SEED);

        assertAnswered(fiveHundreds, notRefused, notProblems, validNotAccepted, "valid but hostile requests");
        assertThat(pipeline.ingest.isAlive()).as("ingest-service process alive").isTrue();
        assertThat(live.statusCode()).as("/q/health/live after the corpus").isEqualTo(200);

        // and the odd but valid items were triaged: hostile text does not break triage downstream
        Set<String> acceptedIds = valid.stream()
                .map(o -> feedbackId(o.body()))
                .collect(Collectors.toSet());
        assertThat(acceptedIds).as("hostile but valid items in the corpus (seed %d)", SEED).isNotEmpty();
        var triaged = TopicReader.readUntil(pipeline.bootstrapServers(), Topics.FEEDBACK_TRIAGED,
                records -> records.stream().map(r -> r.key()).collect(Collectors.toSet()).containsAll(acceptedIds), WAIT);
        assertThat(triaged.stream().map(r -> r.key()).collect(Collectors.toSet()))
                .as("odd but valid items on the triaged topic").containsAll(acceptedIds);

        // and counted by the metrics-service, which keeps running: a component cut inside an emoji (a lone
        // surrogate) once stopped it for good, its spike store unable to read the name back
        assertThat(metricsVolumeReaches(acceptedIds.size())).as("the release's volume KPI counts the %d accepted items",
                acceptedIds.size()).isTrue();
        assertThat(pipeline.metrics.isAlive()).as("metrics-service process alive").isTrue();
    }

    /** Polls the metrics-service's volume KPI of this test's release until it counts {@code expected} items. */
    private boolean metricsVolumeReaches(int expected) throws Exception {
        URI uri = URI.create(pipeline.metrics.baseUrl() + "/api/v1/kpis/" + release + "%7Cvolume%7Call%7Cperiod");
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(WAIT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && Json.mapper().readTree(response.body()).path(0).path("value").asDouble() >= expected) {
                return true;
            }
            Thread.sleep(500);
        }
        System.out.printf("HostileInputIT: volume KPI never reached %d, last answer %s%n", expected, last);
        return false;
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
                // A record whose key is not its feedback id, and two without a key (one not JSON).
                RawFeedback mismatched = good("key mismatch");
                written.put("key-mismatch@p" + partition, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(),
                        partition, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), mismatched)))
                        .get(30, TimeUnit.SECONDS));
                written.put("null-key@p" + partition, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(),
                        partition, null, "{not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS));
                // Valid feedback without a key: not where its id hashes to, so refused too.
                written.put("null-key-valid@p" + partition, producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(),
                        partition, null, Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(),
                        good("no key")))).get(30, TimeUnit.SECONDS));
                if (partition == 0) {
                    // Keyed right but outside the topic's contract: each of these once stopped the metrics-service
                    // for good (a component past its store's string encoding, a release read as a KPI key's window,
                    // a receive time whose milliseconds overflow).
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    Map<String, RawFeedback> outside = Map.of(
                            "component-70k", new RawFeedback(1, UUID.randomUUID().toString(), now, "hostile-suite", release,
                                    FeedbackChannel.API, null, "long component", "c".repeat(70_000), null, null, null, null),
                            "pipe-in-release", new RawFeedback(1, UUID.randomUUID().toString(), now, "hostile-suite",
                                    release + "|volume|all|day:zz", FeedbackChannel.API, null, "pipe", null, null, null, null, null),
                            "received-far-future", new RawFeedback(1, UUID.randomUUID().toString(),
                                    Instant.parse("+999999999-12-31T23:59:59Z"), "hostile-suite", release, FeedbackChannel.API, null,
                                    "far future", null, null, null, null, null));
                    for (var entry : outside.entrySet()) {
                        RawFeedback value = entry.getValue();
                        written.put(entry.getKey(), producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), partition,
                                value.feedbackId().getBytes(StandardCharsets.UTF_8),
                                Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), value)))
                                .get(30, TimeUnit.SECONDS));
                    }
                }
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

    /**
     * The endpoints newer than the seeded corpus (minimal shape, batch, CloudEvents in three modes,
     * Slack, e-mail, form, lifecycle), each with malformed input and bytes that are not UTF-8: never
     * a 5xx, the malformed ones refused with a 4xx, the valid ones accepted, and nothing malformed on
     * the raw topic (every record written meanwhile parses, and holds no U+FFFD and no lone surrogate).
     * Slack requests with valid signatures are sent when the test JVM has
     * {@code HYPERCARE_SLACK_SIGNING_SECRET} (the ingest process inherits it); without it the Slack
     * channel is off and every Slack request must be a 4xx.
     */
    @Test
    void newerEndpointsAndInvalidUtf8GetA4xxNeverA5xxAndNothingMalformedReachesTheRawTopic() throws Exception {
        // given the raw topic's end, and a seeded corpus against every newer endpoint
        Map<org.apache.kafka.common.TopicPartition, Long> start = rawEnds();
        String slackSecret = System.getenv("HYPERCARE_SLACK_SIGNING_SECRET");
        List<HostileCorpus.Request> corpus = new ArrayList<>();
        java.util.Random random = new java.util.Random(SEED);
        int rounds = Math.max(1, COUNT / 100);
        for (int round = 0; round < rounds; round++) {
            corpus.addAll(newerEndpointRequests(random, slackSecret));
        }
        System.out.printf("HostileInputIT: newer-endpoint requests=%d slack-signed=%s seed=%d%n", corpus.size(), slackSecret != null, SEED);

        // when
        List<Outcome> outcomes = sendAll(corpus);

        // then
        List<Outcome> fiveHundreds = outcomes.stream().filter(o -> o.status() >= 500).toList();
        List<Outcome> notRefused = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.REFUSED)
                .filter(o -> o.status() < 400 || o.status() >= 500).toList();
        List<Outcome> notProblems = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.REFUSED)
                .filter(o -> o.status() >= 400 && o.status() < 500 && !o.request().kind().startsWith("form-missing"))
                .filter(o -> !o.problemJsonWhenBodied()).toList();
        List<Outcome> valid = outcomes.stream().filter(o -> o.request().expect() == HostileCorpus.Expect.ACCEPTED).toList();
        List<Outcome> validNotAccepted = valid.stream().filter(o -> o.status() < 200 || o.status() >= 300).toList();
        RawCheck raw = rawRecordsSince(start);
        Map<Integer, Long> byStatus = outcomes.stream()
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        Map<String, Long> byKind = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.request().kind().replaceAll(":.*", ""), TreeMap::new, Collectors.counting()));
        System.out.printf("HostileInputIT: newer-endpoints tried=%d refused-4xx=%d 5xx=%d unexpected=%d valid-accepted=%d/%d "
                        + "raw-records-written=%d raw-malformed=%d statuses=%s kinds=%s seed=%d%n",
                outcomes.size(), outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).count(), fiveHundreds.size(),
                notRefused.size() + validNotAccepted.size(), valid.size() - validNotAccepted.size(), valid.size(),
                raw.read(), raw.malformed().size(), byStatus, byKind, SEED);

        assertAnswered(fiveHundreds, notRefused, notProblems, validNotAccepted, "valid requests");
        // Every accepted request wrote at least one record: fewer read means the check below saw too little.
        assertThat(raw.read()).as("raw records read back since the corpus started").isGreaterThanOrEqualTo(valid.size());
        assertThat(raw.malformed()).as("malformed records on %s", Topics.FEEDBACK_RAW.name()).isEmpty();
        assertThat(pipeline.ingest.isAlive()).as("ingest-service process alive").isTrue();
    }

    private static final byte[][] NOT_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC3, 0x28}};
    private static final List<String> NOT_MEDIA_TYPES = List.of("text", "/", ";", "garbage/;;", "a/b/c", "json", "application/");
    private static final List<String> NEWER_PATHS = List.of("/api/v1/cloudevents", "/api/v1/feedback/batch", "/feedback",
            "/api/v1/channels/slack/events", "/api/v1/channels/email/inbound", "/feedback-form");
    private static final List<String> MALFORMED_PART_HEADERS = List.of(
            "Content-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=bogus",
            "Content-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=\"",
            "Content-Disposition: form-data; name=\"text\"\r\nContent-Type: text",
            "Content-Disposition: form-data; name=",
            "a part header without a colon");
    private static final String ODD = "<script>alert(1)</script> \\u0000 ' OR 1=1 -- \u202e\u00e9\ud83d\udca5 ";

    private List<HostileCorpus.Request> newerEndpointRequests(java.util.Random random, String slackSecret) {
        byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
        String text = "Hostile " + UUID.randomUUID() + " " + ODD.substring(0, random.nextInt(ODD.length()));
        String nativeJson = "{\"sourceApp\":\"hostile\",\"release\":\"" + release + "\",\"text\":" + quote(text) + "}";
        String percent = "%" + String.format("%02X", bad[0] & 0xFF) + (bad.length > 1 ? "%" + String.format("%02X", bad[1] & 0xFF) : "");
        String ceData = "\"data\":{\"sourceApp\":\"hostile\",\"release\":\"" + release + "\",\"text\":";
        HostileCorpus.Expect refused = HostileCorpus.Expect.REFUSED;
        HostileCorpus.Expect accepted = HostileCorpus.Expect.ACCEPTED;
        String json = "application/json";
        List<HostileCorpus.Request> requests = new ArrayList<>(List.of(
                // the minimal shape of a first script
                req("minimal:valid", "/feedback", json, utf8("{\"user_id\":\"u-" + random.nextInt(1000) + "\",\"comments\":" + quote(text)
                        + ",\"time_submitted\":\"2023-10-15T10:20:00Z\"}"), accepted),
                req("minimal:invalid-utf8", "/feedback", json, join("{\"user_id\":\"1\",\"comments\":\"a", bad, "\"}"), refused),
                req("minimal:wrong-types", "/api/v1/feedback", json, utf8("{\"user_id\":{\"id\":1},\"comments\":42}"), refused),
                req("minimal:blank-comments", "/feedback", json, utf8("{\"user_id\":\"1\",\"comments\":\"  \"}"), refused),
                req("minimal:bad-time", "/feedback", json, utf8("{\"comments\":\"x\",\"time_submitted\":\"yesterday\"}"), refused),
                // JSON batch
                req("batch:invalid-utf8", "/api/v1/feedback/batch", json, join("[" + nativeJson.replace("Hostile", "H"), bad, "]"), refused),
                req("batch:not-array", "/api/v1/feedback/batch", json, utf8(nativeJson), refused),
                req("batch:empty", "/api/v1/feedback/batch", json, utf8("[]"), refused),
                req("batch:over-bound", "/api/v1/feedback/batch", json, utf8("[" + String.join(",", java.util.Collections.nCopies(501, "{}")) + "]"), refused),
                req("batch:mixed", "/api/v1/feedback/batch", json, utf8("[" + nativeJson + ",{\"text\":42},7,null]"), accepted),
                // CloudEvents, binary / structured / batched
                new HostileCorpus.Request("cloudevents-binary:invalid-utf8", "POST", "/api/v1/cloudevents", json,
                        join(nativeJson.substring(0, nativeJson.length() - 2), bad, "\"}"), ceHeaders(), refused),
                new HostileCorpus.Request("cloudevents-binary:no-specversion", "POST", "/api/v1/cloudevents", json, utf8(nativeJson),
                        Map.of("ce-id", "x", "ce-source", "/h", "ce-type", "t"), refused),
                new HostileCorpus.Request("cloudevents-binary:data-not-json", "POST", "/api/v1/cloudevents", json, utf8("not json {"),
                        ceHeaders(), refused),
                new HostileCorpus.Request("cloudevents-binary:valid", "POST", "/api/v1/cloudevents", json, utf8(nativeJson), ceHeaders(), accepted),
                req("cloudevents-structured:invalid-utf8", "/api/v1/cloudevents", "application/cloudevents+json",
                        join("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/h\",\"type\":\"t\"," + ceData + "\"", bad, "\"}}"), refused),
                req("cloudevents-structured:no-id", "/api/v1/cloudevents", "application/cloudevents+json",
                        utf8("{\"specversion\":\"1.0\",\"source\":\"/h\",\"type\":\"t\"," + ceData + quote(text) + "}}"), refused),
                req("cloudevents-structured:data-null", "/api/v1/cloudevents", "application/cloudevents+json",
                        utf8("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/h\",\"type\":\"t\",\"data\":null}"), refused),
                req("cloudevents-structured:truncated", "/api/v1/cloudevents", "application/cloudevents+json", utf8("{\"specversion\":\"1.0\","), refused),
                req("cloudevents-batch:invalid-utf8", "/api/v1/cloudevents", "application/cloudevents-batch+json",
                        join("[{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/h\",\"type\":\"t\"," + ceData + "\"", bad, "\"}}]"), refused),
                req("cloudevents-batch:not-array", "/api/v1/cloudevents", "application/cloudevents-batch+json", utf8("{\"a\":1}"), refused),
                // a Content-Type that is not a media type: the CloudEvents path, which picks its method by it, once answered 500
                req("content-type:not-a-media-type", pick(random, NEWER_PATHS), pick(random, NOT_MEDIA_TYPES), utf8(nativeJson), refused),
                req("cloudevents-batch:mixed", "/api/v1/cloudevents", "application/cloudevents-batch+json",
                        utf8("[{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/h\",\"type\":\"t\"," + ceData + quote(text)
                                + "}},{\"id\":1},\"x\"]"), accepted),
                // Slack without a valid signature: forged, stale, missing
                slack("slack:unsigned", utf8(slackEvent(text)), null, null, refused),
                slack("slack:forged", utf8(slackEvent(text)), Long.toString(System.currentTimeMillis() / 1000), "v0=" + "ab".repeat(32), refused),
                slack("slack:stale", utf8(slackEvent(text)), Long.toString(System.currentTimeMillis() / 1000 - 3600),
                        slackSecret == null ? "v0=00" : sign(slackSecret, System.currentTimeMillis() / 1000 - 3600, utf8(slackEvent(text))), refused),
                // inbound e-mail (multipart)
                multipart("email:invalid-utf8-part", bad, true, refused),
                multipart("email:no-sender", new byte[0], false, refused),
                req("email:not-multipart", "/api/v1/channels/email/inbound", json, utf8(nativeJson), refused),
                // cut off before its closing boundary: the multipart parser's IOException once answered 500
                req("email:cut-off", "/api/v1/channels/email/inbound", "multipart/form-data; boundary=cut",
                        utf8("--cut\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nana@example.com\r\n--cut".substring(0,
                                1 + random.nextInt(70))), refused),
                // parts the multipart parser cannot read: each once answered 500
                req("email:malformed-part", "/api/v1/channels/email/inbound", "multipart/form-data; boundary=cut",
                        utf8("--cut\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nana@example.com\r\n--cut\r\n"
                                + pick(random, MALFORMED_PART_HEADERS) + "\r\n\r\nThe export fails\r\n--cut--\r\n"), refused),
                // the HTML form (urlencoded)
                req("form:percent-not-utf8", "/feedback-form", "application/x-www-form-urlencoded", utf8("release=1&text=a" + percent + "b"), refused),
                req("form:raw-not-utf8", "/feedback-form", "application/x-www-form-urlencoded", join("release=1&text=a", bad, "b"), refused),
                req("form:bad-escape", "/feedback-form", "application/x-www-form-urlencoded", utf8("release=1&text=100%zz"), refused),
                req("form-missing:text", "/feedback-form", "application/x-www-form-urlencoded", utf8("release=1"), refused),
                // lifecycle
                req("lifecycle:invalid-utf8", "/api/v1/feedback/" + UUID.randomUUID() + "/events", json,
                        join("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"", bad, "\"}"), refused),
                req("lifecycle:unknown-id", "/api/v1/feedback/" + UUID.randomUUID() + "/events", json,
                        utf8("{\"type\":\"RATED\",\"rating\":9}"), refused)));
        if (slackSecret != null) {
            long now = System.currentTimeMillis() / 1000;
            byte[] notUtf8 = join(slackEvent("x").replace("\"x\"", "\"a"), bad, "\"}}");
            requests.add(slack("slack:signed-invalid-utf8", notUtf8, Long.toString(now), sign(slackSecret, now, notUtf8), refused));
            byte[] garbage = utf8("{\"type\":\"event_callback\",\"event\":[");
            requests.add(slack("slack:signed-garbage", garbage, Long.toString(now), sign(slackSecret, now, garbage), refused));
            byte[] message = utf8(slackEvent(text));
            requests.add(slack("slack:signed-valid", message, Long.toString(now), sign(slackSecret, now, message), accepted));
        }
        return requests;
    }

    private static String pick(java.util.Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static HostileCorpus.Request req(String kind, String path, String contentType, byte[] body, HostileCorpus.Expect expect) {
        return new HostileCorpus.Request(kind, "POST", path, contentType, body, Map.of(), expect);
    }

    private static Map<String, String> ceHeaders() {
        return Map.of("ce-specversion", "1.0", "ce-id", UUID.randomUUID().toString(), "ce-source", "/hostile", "ce-type", "t");
    }

    private static HostileCorpus.Request slack(String kind, byte[] body, String timestamp, String signature, HostileCorpus.Expect expect) {
        Map<String, String> headers = new HashMap<>();
        if (timestamp != null) {
            headers.put("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            headers.put("X-Slack-Signature", signature);
        }
        return new HostileCorpus.Request(kind, "POST", "/api/v1/channels/slack/events", "application/json", body, headers, expect);
    }

    private static String slackEvent(String text) {
        return "{\"type\":\"event_callback\",\"team_id\":\"T0HOSTILE\",\"event_id\":\"Ev" + UUID.randomUUID()
                + "\",\"event_time\":" + System.currentTimeMillis() / 1000
                + ",\"event\":{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":" + quote(text) + "}}";
    }

    private static String sign(String secret, long timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HostileCorpus.Request multipart(String kind, byte[] bad, boolean withSender, HostileCorpus.Expect expect) {
        String boundary = "----hostile" + UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (withSender) {
            out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nAna <ana@example.com>\r\n"));
        }
        out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nExport\r\n"));
        out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nThe export "));
        out.writeBytes(bad);
        out.writeBytes(utf8(" fails\r\n--" + boundary + "--\r\n"));
        return req(kind, "/api/v1/channels/email/inbound", "multipart/form-data; boundary=" + boundary, out.toByteArray(), expect);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(String before, byte[] middle, String after) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(middle);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }

    private static String quote(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<org.apache.kafka.common.TopicPartition, Long> rawEnds() {
        try (var consumer = rawConsumer()) {
            var partitions = consumer.partitionsFor(Topics.FEEDBACK_RAW.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** How many raw records were read back, and those that do not parse or hold U+FFFD or a lone surrogate. */
    private record RawCheck(long read, List<String> malformed) {
    }

    /** Reads the raw topic from {@code start} to its end as it is now (at most a minute). */
    private RawCheck rawRecordsSince(Map<org.apache.kafka.common.TopicPartition, Long> start) {
        List<String> malformed = new ArrayList<>();
        long count = 0;
        try (var consumer = rawConsumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Map<org.apache.kafka.common.TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(start.keySet()));
            long deadline = System.currentTimeMillis() + 60_000;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    try {
                        RawFeedback value = Topics.FEEDBACK_RAW.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        for (String field : new String[] {value.sourceApp(), value.release(), value.title(), value.text(),
                                value.component(), value.reporter(), value.clientId()}) {
                            if (field != null && (field.indexOf('\uFFFD') >= 0 || !wellFormed(field))) {
                                malformed.add(record.partition() + "@" + record.offset() + ": " + field);
                            }
                        }
                    } catch (RuntimeException e) {
                        malformed.add(record.partition() + "@" + record.offset() + ": " + e);
                    }
                }
            }
        }
        return new RawCheck(count, malformed);
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumerOfBytes rawConsumer() {
        return new KafkaConsumerOfBytes(Map.<String, Object>of(
                "bootstrap.servers", pipeline.bootstrapServers(),
                "group.id", "hostile-raw-check-" + UUID.randomUUID(),
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest"));
    }

    /** A byte-array consumer, named so the checks above read as what they do. */
    private static final class KafkaConsumerOfBytes extends org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> {
        KafkaConsumerOfBytes(Map<String, Object> config) {
            super(config, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        }
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
                if (request.kind().equals("huge-body")) {
                    // As curl does for large bodies: the 413 comes before the body is sent. Without it the server's
                    // 413-and-close can cut the client off while it is still writing the 2 MB, and the client never
                    // reads the answer ("header parser received no bytes": failed CI once, 29 Nov 2026).
                    builder.expectContinue(true);
                }
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

    /** The answers every corpus owes: no 5xx, a 4xx problem for each malformed request, a 2xx for each valid one. */
    private void assertAnswered(List<Outcome> fiveHundreds, List<Outcome> notRefused, List<Outcome> notProblems,
                                List<Outcome> validNotAccepted, String validLabel) {
        assertThat(fiveHundreds).as("5xx answers (seed %d); logs under %s", SEED, pipeline.logs())
                .extracting(Outcome::describe).isEmpty();
        assertThat(notRefused).as("malformed requests not refused with a 4xx (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(notProblems).as("4xx with a body that is not problem+json (seed %d)", SEED)
                .extracting(Outcome::describe).isEmpty();
        assertThat(validNotAccepted).as("%s not accepted (seed %d)", validLabel, SEED)
                .extracting(Outcome::describe).isEmpty();
    }
}
