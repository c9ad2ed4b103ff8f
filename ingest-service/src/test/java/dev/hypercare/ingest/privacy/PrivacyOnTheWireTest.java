package dev.hypercare.ingest.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What reaches Kafka and the logs: scrubbed text, an encrypted reporter, no contact anywhere in clear. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class PrivacyOnTheWireTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ReporterCipher cipher;

    @Test
    void shouldPublishScrubbedTextAndAnEncryptedReporterAndLogNeitherContact() {
        // given
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        String body = """
                {"sourceApp":"shop-web","release":"2.4.0","title":"Refund for bob@example.org",
                 "text":"Charged twice on 4111 1111 1111 1111, call me on +44 20 7946 0958",
                 "reporter":"carol.secret@example.net"}""";

        // when
        String id;
        try {
            id = given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/feedback")
                    .then().statusCode(202).extract().path("feedbackId");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }

        // then
        var record = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_RAW, id, Duration.ofSeconds(15));
        RawFeedback value = record.value();
        assertThat(value.title()).isEqualTo("Refund for [EMAIL]");
        assertThat(value.text()).isEqualTo("Charged twice on [CARD], call me on [PHONE]");
        assertThat(value.reporter()).startsWith("enc:v1:k1:");
        assertThat(cipher.decrypt(value.reporter(), id)).isEqualTo("carol.secret@example.net");
        String wire = new String(Topics.FEEDBACK_RAW.valueSerde().serializer().serialize("t", value), StandardCharsets.UTF_8);
        assertThat(wire).doesNotContain("carol.secret", "bob@example.org", "4111", "7946");
        assertThat(logged).noneMatch(line -> line.contains("carol.secret") || line.contains("4111 1111"));
    }

    @Test
    void shouldScrubTheNoteOfALifecycleEvent() {
        String id = dev.hypercare.ingest.support.Feedback.submit("Login fails");

        given().contentType(ContentType.JSON)
                .body("{\"type\":\"RESPONDED\",\"actor\":\"agent-7\",\"note\":\"called back on 06 12 34 56 78\"}")
                .when().post("/api/v1/feedback/{id}/events", id)
                .then().statusCode(202);

        var record = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_LIFECYCLE, id, Duration.ofSeconds(15));
        assertThat(record.value().note()).isEqualTo("called back on [PHONE]");
    }
}
