package dev.hypercare.ingest.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.support.Validators;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LifecycleEventValidationTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T10:15:30Z");
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        validator = Validators.plain();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5})
    void shouldAcceptRatedWithARatingFromOneToFive(int rating) {
        assertThat(validator.validate(new LifecycleEventSubmission(LifecycleType.RATED, "ana", null, rating, null))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, -1})
    void shouldRefuseRatingsOutsideOneToFiveOnTheRatingField(int rating) {
        var violations = validator.validate(new LifecycleEventSubmission(LifecycleType.RATED, "ana", null, rating, null));
        assertThat(fieldsAtFault(violations)).containsExactly("rating");
    }

    @Test
    void shouldRequireARatingForRated() {
        // given
        var event = new LifecycleEventSubmission(LifecycleType.RATED, "ana", null, null, null);

        // when
        var violations = validator.validate(event);

        // then
        assertThat(fieldsAtFault(violations)).containsExactly("rating");
        assertThat(violations.iterator().next().getMessage()).isEqualTo("is required for RATED");
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleType.class, names = "RATED", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseARatingOnAnyOtherType(LifecycleType type) {
        var violations = validator.validate(new LifecycleEventSubmission(type, "agent-7", null, 4, null));
        assertThat(fieldsAtFault(violations)).containsExactly("rating");
    }

    @Test
    void shouldNameTypeAndActorWhenBothAreMissing() {
        var violations = validator.validate(new LifecycleEventSubmission(null, " ", null, null, null));
        assertThat(fieldsAtFault(violations)).containsExactlyInAnyOrder("type", "actor");
    }

    @Test
    void shouldDefaultOccurredAtToTheReceiveTime() {
        // given
        var submission = new LifecycleEventSubmission(LifecycleType.ACKNOWLEDGED, " agent-7 ", null, null, "on it");

        // when
        LifecycleEvent event = LifecycleEventMapper.toLifecycleEvent(submission, "e-1", "f-1", RECEIVED);

        // then
        assertThat(event).isEqualTo(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-1", "f-1",
                LifecycleType.ACKNOWLEDGED, "agent-7", RECEIVED, RECEIVED, null, "on it"));
    }

    @Test
    void shouldKeepTheCallersOccurredAt() {
        // given: support records an action after the fact
        Instant earlier = RECEIVED.minusSeconds(3600);
        var submission = new LifecycleEventSubmission(LifecycleType.RESOLVED, "agent-7", earlier, null, null);

        // when
        LifecycleEvent event = LifecycleEventMapper.toLifecycleEvent(submission, "e-2", "f-1", RECEIVED);

        // then
        assertThat(event.occurredAt()).isEqualTo(earlier);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    private static Set<String> fieldsAtFault(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }
}
