package dev.hypercare.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.support.Feedback;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not UTF-8 are refused on every text endpoint with a 400 problem naming the part, and
 * nothing reaches the raw topic: never a U+FFFD, never an overlong "/" or a lone surrogate in Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StrictUtf8Test {

    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"; // %test profile

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Invalid sequences: a stray byte, an overlong "/", an encoded surrogate, a code point past U+10FFFF, a cut-off one. */
    static List<byte[]> invalid() {
        return List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82});
    }

    private static byte[] around(String before, byte[] bad, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private long rawEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(Topics.FEEDBACK_RAW.name())).allTopicNames().get()
                    .get(Topics.FEEDBACK_RAW.name()).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(Topics.FEEDBACK_RAW.name(), p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static void refused(RequestSpecification request, String path, String field) {
        request.when().post(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:hypercare:problem:invalid-encoding"))
                .body("errors.field", contains(field));
    }

    private static String slackSignature(String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRefuseInvalidUtf8InEveryJsonBodyNamingTheBody(byte[] bad) throws Exception {
        // given
        long before = rawEnd();
        Function<String, byte[]> native1 = x -> around("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"a", bad, "b\"}");
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        byte[] slack = around("{\"type\":\"event_callback\",\"team_id\":\"T1\",\"event_id\":\"Ev" + UUID.randomUUID()
                + "\",\"event\":{\"type\":\"message\",\"user\":\"U1\",\"channel\":\"C1\",\"text\":\"a", bad, "\"}}");

        // when / then
        refused(given().contentType("application/json").body(native1.apply("")), "/api/v1/feedback", "body");
        refused(given().contentType("application/json").body(around("{\"user_id\":\"1\",\"comments\":\"a", bad, "\"}")), "/feedback", "body");
        refused(given().contentType("application/json").body(around("[{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"", bad, "\"}]")),
                "/api/v1/feedback/batch", "body");
        refused(given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/t").header("ce-type", "t").body(native1.apply("")), "/api/v1/cloudevents", "body");
        refused(given().contentType("application/cloudevents+json").body(around(
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"t\",\"data\":{\"sourceApp\":\"s\",\"release\":\"1\",\"text\":\"", bad, "\"}}")),
                "/api/v1/cloudevents", "body");
        refused(given().contentType("application/cloudevents-batch+json").body(around(
                "[{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"t\",\"data\":{\"sourceApp\":\"s\",\"release\":\"1\",\"text\":\"", bad, "\"}}]")),
                "/api/v1/cloudevents", "body");
        refused(given().contentType("application/json").header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", slackSignature(ts, slack)).body(slack), "/api/v1/channels/slack/events", "body");
        refused(given().contentType("application/json").body(around("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"", bad, "\"}")),
                "/api/v1/feedback/" + UUID.randomUUID() + "/events", "body");

        // and nothing reached the raw topic
        assertThat(rawEnd()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRefuseInvalidUtf8InFormAndMailFieldsNamingTheField(byte[] bad) throws Exception {
        // given
        long before = rawEnd();
        StringBuilder percent = new StringBuilder();
        for (byte b : bad) {
            percent.append('%').append(String.format("%02X", b & 0xFF));
        }

        // when / then: percent-encoded in the urlencoded form (the field is named), raw (the whole body is not UTF-8)
        refused(given().contentType("application/x-www-form-urlencoded").body("release=2.4.0&text=a" + percent + "b"), "/feedback-form", "text");
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "feedback-form"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofByteArray(
                        around("release=2.4.0&text=a", bad, "b"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("urn:hypercare:problem:invalid-encoding", "\"field\":\"body\"");
        // a multipart text part of the inbound-mail webhook
        refused(given().multiPart("from", "ana@example.com").multiPart("subject", "Export")
                .multiPart(new MultiPartSpecBuilder(around("The export ", bad, " fails")).controlName("text").emptyFileName()
                        .mimeType("text/plain; charset=UTF-8").build()), "/api/v1/channels/email/inbound", "text");

        assertThat(rawEnd()).isEqualTo(before);
    }

    @Test
    void shouldStillAcceptValidMultiByteUtf8() {
        String id = Feedback.submit("Größe 💥 in the café: ünïcödé works");

        assertThat(id).isNotBlank();
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("release", "2.4.0").formParam("text", "Ça marche très bien ✓")
                .when().post("/feedback-form").then().statusCode(200);
    }
}
