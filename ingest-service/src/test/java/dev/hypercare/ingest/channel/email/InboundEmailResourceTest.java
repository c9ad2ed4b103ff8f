package dev.hypercare.ingest.channel.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import dev.hypercare.ingest.privacy.ReporterCipher;
import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The inbound-parse webhook, posted as multipart/form-data the way SendGrid and Mailgun post it. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class InboundEmailResourceTest {

    private static final String PATH = "/api/v1/channels/email/inbound";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ReporterCipher cipher;

    @TestHTTPResource(PATH)
    URL endpoint;

    @Test
    void shouldTurnASendGridStyleEmailIntoFeedbackOnce() {
        // given
        String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        String headers = "Received: by mx.example.com\nMessage-ID: " + messageId + "\nSubject: Export broken\n";

        // when: delivered twice (webhook retry)
        String id = null;
        for (int i = 0; i < 2; i++) {
            String answered = given()
                    .multiPart("from", "Ana Lopez <Ana.Lopez@example.com>")
                    .multiPart("to", "feedback+2.5.1@hypercare.example.com")
                    .multiPart("subject", "Export broken")
                    .multiPart("text", "The CSV export is empty since the update.\n-- \nAna")
                    .multiPart("html", "<p>The CSV export is empty since the update.</p>")
                    .multiPart("headers", headers)
                    .multiPart("envelope", "{\"to\":[\"feedback+2.5.1@hypercare.example.com\"],\"from\":\"ana.lopez@example.com\"}")
                    .when().post(PATH)
                    .then().statusCode(202).header("Location", matchesPattern(".*/api/v1/feedback/[0-9a-f-]{36}"))
                    .extract().path("feedbackId");
            assertThat(id == null || id.equals(answered)).isTrue();
            id = answered;
        }

        // then
        var records = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id);
        assertThat(records).hasSize(1);
        RawFeedback value = records.get(0).value();
        assertThat(value.channel()).isEqualTo(FeedbackChannel.EMAIL);
        assertThat(value.title()).isEqualTo("Export broken");
        assertThat(value.text()).startsWith("The CSV export is empty since the update.");
        assertThat(value.release()).isEqualTo("2.5.1");
        assertThat(value.sourceApp()).isEqualTo("email");
        assertThat(cipher.decrypt(value.reporter(), id)).isEqualTo("ana.lopez@example.com");
    }

    @Test
    void shouldUseTheHtmlPartWhenThereIsNoPlainTextAndMailgunFieldNames() {
        String id = given()
                .multiPart("sender", "bob@example.org")
                .multiPart("recipient", "feedback@hypercare.example.com")
                .multiPart("subject", "Layout")
                .multiPart("body-html", "<html><body><p>Buttons overlap&nbsp;on mobile</p><script>x()</script></body></html>")
                .when().post(PATH)
                .then().statusCode(202).extract().path("feedbackId");

        RawFeedback value = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, id).get(0).value();
        assertThat(value.text()).isEqualTo("Buttons overlap on mobile");
        assertThat(value.release()).isEqualTo("2.4.0"); // the configured default release
    }

    @Test
    void shouldNameTheMissingSenderAndContent() {
        given().multiPart("to", "feedback@hypercare.example.com")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    /** Bodies found by fuzzing the running service: each once answered 500 (docs/reliability.md). */
    private static final String FROM = "--x\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nuser@example.com\r\n";
    private static final String END = "--x--\r\n";

    @Test
    void shouldRefuseAMalformedMultipartBodyWith400ProblemNotA500() throws Exception {
        String[] malformed = {
                // cut off before the closing boundary (the parser's IOException)
                "{\"a\":",
                "--x",
                FROM,
                FROM + "--x",
                // a part with a charset the JDK does not know, or none
                FROM + "--x\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=bogus\r\n\r\nhi\r\n" + END,
                FROM + "--x\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=\r\n\r\nhi\r\n" + END,
                // a part whose Content-Type is not a media type
                FROM + "--x\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text\r\n\r\nhi\r\n" + END,
                // a part header without a colon, a parameter with no value, bad base64
                FROM + "--x\r\ngarbage header line\r\n\r\nhi\r\n" + END,
                FROM + "--x\r\nContent-Disposition: form-data; name=\r\n\r\nhi\r\n" + END,
                FROM + "--x\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=\"\r\n\r\nhi\r\n" + END,
                FROM + "--x\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Transfer-Encoding: base64\r\n\r\n=ZZ!\r\n" + END,
                // more parts than the parser allows
                FROM + "--x\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n".repeat(1_001) + END};
        for (String body : malformed) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.toURI())
                    .header("Content-Type", "multipart/form-data; boundary=x")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            String shown = body.length() > 120 ? body.substring(0, 120) + "..." : body;
            assertThat(answer.statusCode()).as("answer to %s", shown).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).as("answer to %s", shown).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).as("answer to %s", shown).contains("urn:hypercare:problem:malformed-body", "\"field\":\"body\"");
        }
    }
}
