package dev.hypercare.ingest.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With Micrometer's HTTP server binder off (application.properties), the
 * dashboard's request rate and latency of the ingest-service come from the service's own timer,
 * {@code hypercare_ingest_request_seconds{channel,status}}: every intake path is timed there, the minimal shape's
 * root path {@code POST /feedback} included, and the binder's {@code http_server_requests_seconds} is gone.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class HttpBinderOffTest {

    @Test
    void shouldTimeEveryIntakeRequestWithTheServicesOwnTimerAndNotTheBinders() {
        // given: the counts before
        String before = metrics();

        // when: a native 202, a refused 400, and a minimal-shape 200 on the root path
        given().contentType("application/json").body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"ok\"}")
                .post("/api/v1/feedback").then().statusCode(202);
        given().contentType("application/json").body("{}").post("/api/v1/feedback").then().statusCode(400);
        given().contentType("application/json").body("{\"user_id\":\"12345\",\"comments\":\"Great, but a bug\"}")
                .post("/feedback").then().statusCode(200);

        // then
        String after = metrics();
        assertThat(after).doesNotContain("http_server_requests_seconds");
        assertThat(count(after, "202") - count(before, "202")).isEqualTo(1);
        assertThat(count(after, "400") - count(before, "400")).isEqualTo(1);
        assertThat(count(after, "200") - count(before, "200")).isEqualTo(1);
        assertThat(after).contains("hypercare_ingest_request_seconds_sum{channel=\"api\",status=\"202\"");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** hypercare_ingest_request_seconds_count of channel api and this status; 0 when not there yet. */
    private static long count(String metrics, String status) {
        Matcher m = Pattern.compile("(?m)^hypercare_ingest_request_seconds_count\\{channel=\"api\",status=\"" + status + "\"[^}]*} ([0-9.Ee+]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
