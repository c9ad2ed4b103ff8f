package dev.hypercare.ingest.channel.form;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.hypercare.ingest.support.RawTopic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The HTML form a person uses: the page itself, its urlencoded POST, errors tied to fields. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class FeedbackFormResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldServeAnAccessibleFormWithALabelForEveryControl() {
        String html = given().when().get("/feedback-form?release=3.0.0")
                .then().statusCode(200).contentType("text/html").extract().asString();

        assertThat(html).contains("<html lang=\"en\">", "<title>", "<main>", "<h1>");
        for (String field : FeedbackFormPage.FIELDS) {
            assertThat(html).contains("<label for=\"" + field + "\">").contains("id=\"" + field + "\"");
        }
        assertThat(html).contains("value=\"3.0.0\"").contains("name=\"token\"").doesNotContain("<script");
    }

    @Test
    void shouldAcceptAUrlencodedPostOnceEvenWhenSubmittedTwice() {
        // given a rendered page's token
        String page = given().get("/feedback-form").then().extract().asString();
        Matcher token = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();

        // when the person double-clicks
        String first = post(token.group(1));
        String second = post(token.group(1));

        // then
        assertThat(second).isEqualTo(first);
        var records = RawTopic.recordsWithKey(bootstrapServers, Topics.FEEDBACK_RAW, first);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value().channel()).isEqualTo(FeedbackChannel.FORM);
        assertThat(records.get(0).value().sourceApp()).isEqualTo("web-form");
        assertThat(records.get(0).value().reporter()).startsWith("enc:v1:");
    }

    private static String post(String token) {
        String html = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("token", token).formParam("release", "2.4.0").formParam("title", "Search")
                .formParam("text", "Search ignores accents: café finds nothing").formParam("email", "dana@example.com")
                .when().post("/feedback-form")
                .then().statusCode(200).contentType("text/html")
                .body(containsString("Thank you")).extract().asString();
        Matcher id = Pattern.compile("<code>([0-9a-f-]{36})</code>").matcher(html);
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    @Test
    void shouldRerenderTheFormWithErrorsTiedToTheirFields() {
        String html = given().contentType("application/x-www-form-urlencoded")
                .formParam("release", "2.4.0").formParam("text", " ").formParam("email", "not-an-address")
                .when().post("/feedback-form")
                .then().statusCode(400).contentType("text/html").extract().asString();

        assertThat(html).contains("role=\"alert\"")
                .contains("aria-describedby=\"text-hint text-error\" aria-invalid=\"true\"")
                .contains("id=\"email-error\"")
                .contains("value=\"not-an-address\"");
    }

    @Test
    void shouldRerenderTheFormForAKeySeparatorInReleaseOrComponentNotAnswerJson() {
        String html = given().contentType("application/x-www-form-urlencoded")
                .formParam("release", "2.4|beta").formParam("text", "The export hangs").formParam("component", "pdf|export")
                .when().post("/feedback-form")
                .then().statusCode(400).contentType("text/html").extract().asString();

        assertThat(html).contains("id=\"release-error\"").contains("id=\"component-error\"")
                .contains("value=\"2.4|beta\"").contains("The export hangs");
    }
}
