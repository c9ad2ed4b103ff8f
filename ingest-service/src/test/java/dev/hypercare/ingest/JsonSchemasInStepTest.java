package dev.hypercare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.feedback.MinimalFeedback;
import dev.hypercare.ingest.lifecycle.LifecycleEventSubmission;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.RawFeedback;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON Schemas published in docs/schemas for upstream teams name exactly the fields of the
 * records the service reads and writes, so the published contract cannot drift from the code.
 */
class JsonSchemasInStepTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "feedback-submission.v1.schema.json, dev.hypercare.ingest.feedback.FeedbackSubmission",
            "lifecycle-event-submission.v1.schema.json, dev.hypercare.ingest.lifecycle.LifecycleEventSubmission",
            "raw-feedback.v1.schema.json, dev.hypercare.model.RawFeedback",
            "lifecycle-event.v1.schema.json, dev.hypercare.model.LifecycleEvent"})
    void shouldDescribeEveryFieldOfTheRecordAndNoOther(String file, String recordClass) throws IOException, ClassNotFoundException {
        JsonNode schema = new ObjectMapper().readTree(Path.of("..", "docs", "schemas", file).toFile());
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = new HashSet<>(Arrays.stream(Class.forName(recordClass).getRecordComponents())
                .map(c -> c.getName()).toList());

        assertThat(properties).isEqualTo(components);
        assertThat(schema.path("$schema").asText()).contains("2020-12");
    }

    @Test
    void shouldDescribeTheMinimalShapeByItsJsonNames() throws IOException {
        // The minimal shape's JSON names (user_id, ...) differ from its record components (userId, ...).
        JsonNode schema = new ObjectMapper().readTree(Path.of("..", "docs", "schemas", "minimal-feedback.v1.schema.json").toFile());
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> jsonNames = new HashSet<>(Arrays.stream(MinimalFeedback.class.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class) != null
                        ? c.getAccessor().getAnnotation(JsonProperty.class).value()
                        : c.getName())
                .toList());

        assertThat(properties).isEqualTo(jsonNames);
        assertThat(schema.path("required").toString()).isEqualTo("[\"comments\"]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "feedback-submission.v1.schema.json, dev.hypercare.ingest.feedback.FeedbackSubmission",
            "lifecycle-event-submission.v1.schema.json, dev.hypercare.ingest.lifecycle.LifecycleEventSubmission"})
    void shouldPublishTheSameLengthBoundsTheServiceChecks(String file, String recordClass) throws IOException, ClassNotFoundException {
        // An upstream team that validates against the schema must not send what the service then refuses with a 400.
        JsonNode schema = new ObjectMapper().readTree(Path.of("..", "docs", "schemas", file).toFile());
        for (RecordComponent c : Class.forName(recordClass).getRecordComponents()) {
            Size size = c.getAccessor().getAnnotation(Size.class);
            JsonNode maxLength = schema.path("properties").path(c.getName()).path("maxLength");
            assertThat(maxLength.isMissingNode() ? null : maxLength.asInt()).as(c.getName())
                    .isEqualTo(size == null ? null : size.max());
        }
    }

    @Test
    void shouldBoundTheMinimalShapeAsTheSubmissionItBecomes() throws Exception {
        // comments becomes the text and user_id the reporter: their bounds are the submission's.
        JsonNode properties = new ObjectMapper().readTree(Path.of("..", "docs", "schemas", "minimal-feedback.v1.schema.json").toFile())
                .path("properties");
        assertThat(properties.path("comments").path("maxLength").asInt())
                .isEqualTo(FeedbackSubmission.class.getMethod("text").getAnnotation(Size.class).max());
        assertThat(properties.path("user_id").path("maxLength").asInt())
                .isEqualTo(FeedbackSubmission.class.getMethod("reporter").getAnnotation(Size.class).max());
    }

    @SuppressWarnings("unused")
    private static final Class<?>[] CHECKED = {FeedbackSubmission.class, LifecycleEventSubmission.class, RawFeedback.class, LifecycleEvent.class};
}
