package dev.hypercare.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The 202/200 answer of {@code POST /api/v1/feedback} is written by hand ({@link AcceptedAnswer}); it must be
 * exactly what the framework wrote before: Jackson's JSON of {@link FeedbackAccepted} with its content type, and
 * the relative Location resolved against the request as RESTEasy Reactive resolves it.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class AcceptedAnswerTest {

    private static final String NATIVE = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"The pay button does nothing\"}";

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource
    URL server;

    @Test
    void shouldWriteTheBodyJacksonWritesForEveryReceiveTime() throws Exception {
        // given: receive times as the service makes them (milliseconds), whole seconds, whole tenths, and random ones
        Random random = new Random(4);
        for (int i = 0; i < 2_000; i++) {
            Instant at = switch (i % 4) {
                case 0 -> Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE));
                case 1 -> Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L) / 100 * 100);
                case 2 -> Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L));
                default -> Instant.now().plusMillis(i).truncatedTo(ChronoUnit.MILLIS);
            };
            String id = UUID.randomUUID().toString();

            // when
            String byHand = new String(AcceptedAnswer.body(id, at), StandardCharsets.UTF_8);

            // then
            assertThat(byHand).as("at %s", at).isEqualTo(mapper.writeValueAsString(new FeedbackAccepted(id, at)));
        }
    }

    @Test
    void shouldAnswerTheNativeShapeWithTheFrameworksBodyContentTypeAndAbsoluteLocation() throws Exception {
        // when
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON).body(NATIVE)
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract();

        // then
        String id = response.path("feedbackId");
        Instant receivedAt = Instant.parse(response.path("receivedAt"));
        assertThat(response.contentType()).isEqualTo("application/json;charset=UTF-8");
        assertThat(response.asString()).isEqualTo(mapper.writeValueAsString(new FeedbackAccepted(id, receivedAt)));
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.asByteArray().length));
        assertThat(response.header("Location")).isEqualTo(frameworkLocation("http", server.getHost() + ":" + server.getPort(), id));
        // and it was written by hand, not left to the framework
        assertThat(AcceptedAnswer.lastBase().absolute()).isEqualTo("http://" + server.getHost() + ":" + server.getPort());
    }

    @Test
    void shouldAnswerTheMinimalShapeWithTheSameBodyAndLocation() throws Exception {
        // when
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON)
                .body("{\"user_id\":\"u-" + UUID.randomUUID() + "\",\"comments\":\"Great, but the export is broken\"}")
                .when().post("/feedback")
                .then().statusCode(200).extract();

        // then
        String id = response.path("feedbackId");
        assertThat(response.contentType()).isEqualTo("application/json;charset=UTF-8");
        assertThat(response.asString())
                .isEqualTo(mapper.writeValueAsString(new FeedbackAccepted(id, Instant.parse(response.path("receivedAt")))));
        assertThat(response.header("Location")).isEqualTo(frameworkLocation("http", server.getHost() + ":" + server.getPort(), id));
    }

    @Test
    void shouldResolveTheLocationAgainstEachRequestsOwnHost() throws Exception {
        // given: requests naming different hosts, one after the other (the computed prefix must follow each)
        for (String host : new String[] {"api.example.com:8443", "ingest.example.org", "[::1]:9000", "api.example.com:8443"}) {
            // when
            ExtractableResponse<Response> response = given().contentType(ContentType.JSON).header("Host", host).body(NATIVE)
                    .when().post("/api/v1/feedback")
                    .then().statusCode(202).extract();

            // then
            String id = response.path("feedbackId");
            assertThat(response.header("Location")).as("host %s", host).isEqualTo(frameworkLocation("http", host, id));
        }
    }

    @Test
    void shouldLeaveIdsThatNeedEscapingAndUnusualHostsToTheFramework() {
        assertThat(AcceptedAnswer.plain(UUID.randomUUID().toString())).isTrue();
        assertThat(AcceptedAnswer.plain("a\"b")).isFalse();
        assertThat(AcceptedAnswer.plain("a/b")).isFalse();
        assertThat(AcceptedAnswer.plain("")).isFalse();
        assertThat(AcceptedAnswer.plain(null)).isFalse();
        assertThat(AcceptedAnswer.Base.of("http", null, "")).isNull();
        assertThat(AcceptedAnswer.Base.of("http", "exämple.com", "")).isNull();
        assertThat(AcceptedAnswer.Base.of("http", "ex ample.com", "")).isNull();
        assertThat(AcceptedAnswer.Base.of("http", "example.com", "/a/../b")).isNull();
        assertThat(AcceptedAnswer.Base.of("ftp", "example.com", "")).isNull();
        assertThat(AcceptedAnswer.Base.of("https", "example.com:8443", "/ingest").absolute()).isEqualTo("https://example.com:8443/ingest");
    }

    /** RESTEasy Reactive's resolution of the relative Location (LocationUtil, empty application prefix). */
    private static String frameworkLocation(String scheme, String authority, String id) throws Exception {
        return new URI(scheme, authority, "/", null, null).resolve(FeedbackResource.PATH + "/" + id).toASCIIString();
    }
}
