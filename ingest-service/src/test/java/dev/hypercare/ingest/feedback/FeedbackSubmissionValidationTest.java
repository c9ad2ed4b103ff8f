package dev.hypercare.ingest.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.support.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeedbackSubmissionValidationTest {

    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        validator = Validators.plain();
    }

    @Test
    void shouldAcceptTheMinimalSubmission() {
        // given
        var submission = new FeedbackSubmission("shop-web", "2.4.0", null, null, "It crashes", null, null, null, null, null);

        // when / then
        assertThat(validator.validate(submission)).isEmpty();
    }

    @Test
    void shouldNameEveryMissingRequiredField() {
        // given
        var submission = new FeedbackSubmission(null, " ", null, null, "", null, null, null, null, null);

        // when
        Set<String> fields = fieldsAtFault(validator.validate(submission));

        // then
        assertThat(fields).containsExactlyInAnyOrder("sourceApp", "release", "text");
    }

    @Test
    void shouldRefuseNegativeAffectedUsersAndOverlongValues() {
        // given
        var submission = new FeedbackSubmission("a".repeat(FeedbackSubmission.MAX_NAME + 1), "2.4.0", null,
                "t".repeat(FeedbackSubmission.MAX_TITLE + 1), "x".repeat(FeedbackSubmission.MAX_TEXT + 1),
                null, null, -1, null, null);

        // when
        Set<String> fields = fieldsAtFault(validator.validate(submission));

        // then
        assertThat(fields).containsExactlyInAnyOrder("sourceApp", "title", "text", "affectedUsers");
    }

    @Test
    void shouldAcceptTextOfExactlyTheMaximumLength() {
        // given
        var submission = new FeedbackSubmission("shop-web", "2.4.0", null, null, "x".repeat(FeedbackSubmission.MAX_TEXT),
                null, null, 0, null, null);

        // when / then
        assertThat(validator.validate(submission)).isEmpty();
    }

    private static Set<String> fieldsAtFault(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }
}
