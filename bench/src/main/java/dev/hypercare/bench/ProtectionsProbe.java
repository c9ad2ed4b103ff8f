package dev.hypercare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.RawFeedback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks, against the running ingest-service and its broker, that every protection issue 4 asks for is
 * really on before the ingest figures are measured "with all of this on": a run with a protection
 * silently off would measure a cheaper service. Each check provokes the protection and looks at the
 * outcome from outside (HTTP answers, the record on {@code hypercare.feedback.raw}):
 * <ul>
 *   <li>API keys: no key is 401;</li>
 *   <li>scopes and app binding: a submit-only key of one app submitting as another app is 403;</li>
 *   <li>rate limit: that key (configured at 1 request/s) sending a few requests in quick succession gets 429;</li>
 *   <li>idempotency: a repeat with the same {@code Idempotency-Key} answers the same feedback id with
 *       {@code Idempotent-Replayed: true}, and only one record reaches the raw topic;</li>
 *   <li>scrubbing: the e-mail address, phone and card number in the text are placeholders in that record;</li>
 *   <li>encryption: its reporter is an AES-GCM envelope under the run's configured key id, not the address.</li>
 * </ul>
 * Prints {@code protections.*} results and exits non-zero (via an exception) when any check fails.
 */
final class ProtectionsProbe {

    private static final Duration RECORD_WAIT = Duration.ofSeconds(15);
    /** Time after the record arrives for a (wrong) second record of the replay to show up. */
    private static final Duration REPLAY_WAIT = Duration.ofSeconds(2);

    private ProtectionsProbe() {
    }

    static void run(Options options) throws Exception {
        URI feedback = URI.create(options.get("ingest-url") + "/api/v1/feedback");
        String apiKey = options.getOrEmpty("api-key").isBlank() ? OpenLoopClient.apiKeyFromEnvironment() : options.get("api-key");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException("no API key (--api-key or " + OpenLoopClient.API_KEY_ENV + ")");
        }
        String limitedKey = options.get("limited-key");
        String limitedApp = options.get("limited-app");
        String keyId = options.get("privacy-key-id");
        List<String> failures = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String nonce = UUID.randomUUID().toString();
        String email = "probe." + nonce.substring(0, 8) + "@example.org";
        String phone = "+33 6 12 34 56 78";
        String card = "4111 1111 1111 1111";
        String body = "{\"sourceApp\":\"" + limitedApp + "\",\"release\":\"9.9.9\",\"channel\":\"API\",\"component\":\"checkout\","
                + "\"text\":\"Checkout fails at the last step, write to " + email + " or call " + phone + ", card " + card + "\","
                + "\"reporter\":\"" + email + "\"}";

        // 1. API keys: none is 401.
        int status = post(http, feedback, body, null, null).statusCode();
        check(failures, status == 401, "auth", "no key answered " + status + ", expected 401");

        // 2. App binding: a submit-only key of limitedApp submitting as another app is 403.
        String otherApp = body.replace("\"sourceApp\":\"" + limitedApp + "\"", "\"sourceApp\":\"" + limitedApp + "-other\"");
        status = post(http, feedback, otherApp, limitedKey, null).statusCode();
        check(failures, status == 403, "app-binding", "a submit key of '" + limitedApp + "' submitting as another app answered "
                + status + ", expected 403");

        // 3. Rate limit: the limited key (1/s, a burst of 2 s worth) sending 5 in quick succession (one after another) meets a 429 with Retry-After.
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 5 && limited == 0; i++) {
            HttpResponse<String> response = post(http, feedback, body, limitedKey, null);
            if (response.statusCode() == 429) {
                limited++;
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            }
        }
        check(failures, limited > 0 && retryAfter != null, "rate-limit",
                "5 requests in quick succession by a key limited to 1/s got no 429 with Retry-After");

        // 4-6. Idempotency, scrubbing, encryption: one item sent twice with the same Idempotency-Key.
        try (KafkaConsumer<String, byte[]> raw = rawConsumer(options.get("bootstrap-servers"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            raw.partitionsFor(Topics.FEEDBACK_RAW.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            raw.assign(partitions);
            raw.seekToEnd(partitions);
            partitions.forEach(raw::position);

            String idempotencyKey = "bench-probe-" + nonce;
            HttpResponse<String> first = post(http, feedback, body, apiKey, idempotencyKey);
            HttpResponse<String> again = post(http, feedback, body, apiKey, idempotencyKey);
            if (first.statusCode() != 202 || again.statusCode() != 202) {
                throw new IllegalStateException("the bench key's submission answered " + first.statusCode() + " then "
                        + again.statusCode() + ", expected 202: " + first.body());
            }
            String id = feedbackId(first.body());
            boolean replayed = id.equals(feedbackId(again.body()))
                    && "true".equals(again.headers().firstValue("Idempotent-Replayed").orElse(null));

            List<RawFeedback> records = new ArrayList<>();
            long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : raw.poll(Duration.ofMillis(100))) {
                    if (id.equals(record.key())) {
                        records.add(Topics.FEEDBACK_RAW.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                        quietUntil = Math.min(quietUntil, System.nanoTime() + REPLAY_WAIT.toNanos());
                    }
                }
            }
            if (records.isEmpty()) {
                throw new IllegalStateException("feedback " + id + " was accepted but not seen on " + Topics.FEEDBACK_RAW.name()
                        + " within " + RECORD_WAIT.toSeconds() + " s");
            }
            check(failures, replayed && records.size() == 1, "idempotency", "a repeat with the same Idempotency-Key: same id "
                    + replayed + ", records on the raw topic " + records.size() + " (expected the same id, replayed, 1 record)");

            RawFeedback record = records.get(0);
            String text = record.text();
            boolean scrubbed = !text.contains(email) && !text.contains(phone) && !text.contains(card)
                    && text.contains("[EMAIL]") && text.contains("[PHONE]") && text.contains("[CARD]");
            check(failures, scrubbed, "scrubbing", "the published text still holds personal data or lacks placeholders: " + text);

            String reporter = record.reporter() == null ? "" : record.reporter();
            boolean encrypted = reporter.startsWith("enc:v1:" + keyId + ":") && !reporter.contains(email);
            check(failures, encrypted, "encryption", "the published reporter is not an envelope under key id '" + keyId + "': "
                    + (reporter.contains(email) ? "the address in clear" : reporter.replaceAll(":[^:]*$", ":…")));
        }

        if (!failures.isEmpty()) {
            Results.put("protections", "NOT ALL ON: " + String.join("; ", failures));
            throw new IllegalStateException("protections not all on: " + String.join("; ", failures));
        }
        Results.put("protections", "all on: API keys (401 without), scopes + app binding (403 for another app), per-key rate limit "
                + "(429 + Retry-After over it), idempotency (replay: same id, 1 record), scrubbing (e-mail, phone, card -> "
                + "placeholders), reporter encryption (AES-GCM, key id " + keyId + ")");
        Results.log("protections: all on (checked from outside against the running ingest-service)");
    }

    private static void check(List<String> failures, boolean ok, String name, String failure) {
        Results.put("protections." + name, ok ? "on" : "OFF");
        if (!ok) {
            failures.add(name + ": " + failure);
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body, String apiKey, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null) {
            request.header(OpenLoopClient.API_KEY_HEADER, apiKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String feedbackId(String body) throws IOException {
        JsonNode node = Json.mapper().readTree(body);
        if (node == null || node.get("feedbackId") == null) {
            throw new IllegalStateException("202 without a feedbackId: " + body);
        }
        return node.get("feedbackId").asText();
    }

    private static KafkaConsumer<String, byte[]> rawConsumer(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
