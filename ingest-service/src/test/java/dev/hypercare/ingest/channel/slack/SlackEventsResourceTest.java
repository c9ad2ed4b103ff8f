package dev.hypercare.ingest.channel.slack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Slack Events API as Slack sends it: payloads shaped like the examples of Slack's documentation
 * (url_verification, event_callback with a message event), signed with the signing secret of the
 * test configuration exactly as Slack signs them.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class SlackEventsResourceTest {

    private static final String PATH = "/api/v1/channels/slack/events";

    @ConfigProperty(name = "hypercare.ingest.slack.signing-secret")
    String secret;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static String message(String eventId, String text) {
        return """
                {"token":"XXYYZZ","team_id":"T0001","api_app_id":"A0KRD7HC3","event":{"type":"message",\
                "channel":"C2147483705","user":"U2147483697","text":"%s","ts":"1355517523.000005",\
                "event_ts":"1355517523.000005","channel_type":"channel"},"type":"event_callback",\
                "authed_users":["U0LAN0Z89"],"event_id":"%s","event_time":1355517523}""".formatted(text, eventId);
    }

    private RequestSpecification signed(String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").body(bytes)
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", SlackSignature.sign(secret, Long.toString(timestamp), bytes));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void shouldAnswerTheUrlVerificationChallenge() {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";

        signed(body, now()).when().post(PATH)
                .then().statusCode(200)
                .body("challenge", equalTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    }

    @Test
    void shouldTurnAUserMessageIntoFeedbackWithTheUserEncrypted() {
        // given
        String eventId = "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();

        // when
        String id = signed(message(eventId, "The app crashes when I open settings"), now())
                .when().post(PATH)
                .then().statusCode(200).body("ok", equalTo(true)).extract().path("feedbackId");

        // then
        var records = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id);
        assertThat(records).hasSize(1);
        RawFeedback value = records.get(0).value();
        assertThat(value.channel()).isEqualTo(FeedbackChannel.SLACK);
        assertThat(value.text()).isEqualTo("The app crashes when I open settings");
        assertThat(value.component()).isEqualTo("C2147483705");
        assertThat(value.clientId()).isEqualTo(eventId);
        assertThat(value.reporter()).startsWith("enc:v1:").doesNotContain("U2147483697");
    }

    @Test
    void shouldNotDuplicateARetriedDelivery() {
        // given
        String eventId = "Ev" + UUID.randomUUID().toString().substring(0, 8);
        String body = message(eventId, "Search returns nothing");
        String first = signed(body, now()).when().post(PATH).then().statusCode(200).extract().path("feedbackId");

        // when: Slack retries because it did not see our answer in time
        String retried = signed(body, now()).header("X-Slack-Retry-Num", "1").header("X-Slack-Retry-Reason", "http_timeout")
                .when().post(PATH)
                .then().statusCode(200).body("duplicate", equalTo(true)).extract().path("feedbackId");

        // then
        assertThat(retried).isEqualTo(first);
        assertThat(RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first)).hasSize(1);
    }

    @Test
    void shouldRefuseAForgedSignature() {
        String body = message("EvForged1", "free money");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").body(bytes)
                .header("X-Slack-Request-Timestamp", Long.toString(now()))
                .header("X-Slack-Signature", SlackSignature.sign("not-the-secret", Long.toString(now()), bytes))
                .when().post(PATH)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:hypercare:problem:invalid-signature"));
    }

    @Test
    void shouldRefuseABodyChangedAfterSigning() {
        String body = message("EvTampered", "original");
        long ts = now();
        given().contentType("application/json").body(message("EvTampered", "tampered"))
                .header("X-Slack-Request-Timestamp", Long.toString(ts))
                .header("X-Slack-Signature", SlackSignature.sign(secret, Long.toString(ts), body.getBytes(StandardCharsets.UTF_8)))
                .when().post(PATH)
                .then().statusCode(401);
    }

    @Test
    void shouldRefuseAReplayOlderThanFiveMinutes() {
        signed(message("EvOld", "replayed"), now() - 301).when().post(PATH)
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.containsString("5 minutes"));
    }

    @Test
    void shouldRefuseAnUnsignedRequest() {
        given().contentType("application/json").body(message("EvNone", "x"))
                .when().post(PATH)
                .then().statusCode(401);
    }

    @Test
    void shouldIgnoreBotMessagesWithoutPublishing() {
        String body = """
                {"token":"XXYYZZ","team_id":"T0001","event":{"type":"message","subtype":"bot_message",\
                "bot_id":"B123","text":"Deploy finished","ts":"1355517523.000006","channel":"C1"},\
                "type":"event_callback","event_id":"EvBot1","event_time":1355517523}""";

        signed(body, now()).when().post(PATH)
                .then().statusCode(200).body("ignored", equalTo("event_callback/message"));
    }

    @Test
    void shouldCheckSignaturesInConstantTimeAgainstTheDocumentedExample() {
        // Slack's documentation example: secret, timestamp and body give this signature
        String docSecret = "8f742231b10e8888abcd99yyyzzz85a5";
        String docBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        assertThat(SlackSignature.sign(docSecret, "1531420618", docBody.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }
}
