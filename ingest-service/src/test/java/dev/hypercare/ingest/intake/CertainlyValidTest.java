package dev.hypercare.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.support.Validators;
import jakarta.validation.Validator;
import jakarta.validation.metadata.ConstraintDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link IntakeStep#certainlyValid}, the hand check that spares the Validator for valid submissions,
 * must never call valid what the Validator refuses, and should call valid the ordinary valid ones (it may
 * leave odd ones, like a text of only control or non-ASCII characters, to the Validator).
 */
class CertainlyValidTest {

    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        validator = Validators.plain();
    }

    @Test
    void shouldKnowEveryConstraintOfTheSubmission() {
        // given: the constraints the hand check was written for
        Map<String, String> known = new TreeMap<>(Map.of(
                "sourceApp", "NotBlank,Pattern,Size", "release", "NotBlank,Pattern,Size", "text", "NotBlank,Size",
                "title", "Size", "component", "Pattern,Size", "reporter", "Size", "clientId", "Size", "affectedUsers", "PositiveOrZero"));

        // when: the ones FeedbackSubmission declares
        Map<String, String> declared = new TreeMap<>();
        validator.getConstraintsForClass(FeedbackSubmission.class).getConstrainedProperties().forEach(p ->
                declared.put(p.getPropertyName(), p.getConstraintDescriptors().stream()
                        .map(ConstraintDescriptor::getAnnotation).map(a -> a.annotationType().getSimpleName())
                        .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","))));

        // then: a new or changed constraint fails here until IntakeStep.certainlyValid checks it too
        assertThat(declared).isEqualTo(known);
        assertThat(validator.getConstraintsForClass(FeedbackSubmission.class).getConstraintDescriptors()).isEmpty();
    }

    @Test
    void shouldAgreeWithTheValidatorOnBoundaryCases() {
        // given: every field at and around its bounds, blank in every way trim() sees
        List<FeedbackSubmission> cases = new ArrayList<>();
        String[] names = {null, "", " ", "\t\n", "\u0000", "\u00a0", "\u2003", "a", " a ", "x".repeat(200), "x".repeat(201),
                "2.4|x", "|", "a|"};
        String[] texts = {null, "", "  ", "\u001f", "\u3000", "t", "t".repeat(20_000), "t".repeat(20_001)};
        String[] titles = {null, "", "x".repeat(500), "x".repeat(501)};
        Integer[] users = {null, -1, 0, 1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (String name : names) {
            cases.add(new FeedbackSubmission(name, "2.4.0", null, null, "t", null, null, null, null, null));
            cases.add(new FeedbackSubmission("shop", name, null, null, "t", null, null, null, null, null));
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, null, "t", name, null, null, null, null));
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, null, "t", null, name, null, null, null));
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, null, "t", null, null, null, name, null));
        }
        for (String text : texts) {
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, null, text, null, null, null, null, null));
        }
        for (String title : titles) {
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, title, "t", null, null, null, null, null));
        }
        for (Integer n : users) {
            cases.add(new FeedbackSubmission("shop", "2.4.0", null, null, "t", null, null, n, null, null));
        }

        // when / then
        int passedByHand = 0;
        for (FeedbackSubmission s : cases) {
            boolean valid = validator.validate(s).isEmpty();
            if (IntakeStep.certainlyValid(s)) {
                assertThat(valid).as("passed by hand, refused by the Validator: %s", s).isTrue();
                passedByHand++;
            } else if (ordinary(s)) {
                assertThat(valid).as("an ordinary valid submission left to the Validator: %s", s).isFalse();
            }
        }
        assertThat(passedByHand).isGreaterThan(cases.size() / 2);
    }

    /** Every string is null or holds a visible ASCII character. */
    private static boolean ordinary(FeedbackSubmission s) {
        for (String value : new String[] {s.sourceApp(), s.release(), s.title(), s.text(), s.component(), s.reporter(), s.clientId()}) {
            if (value != null && value.chars().noneMatch(c -> c > ' ' && c < 0x7f)) {
                return false;
            }
        }
        return true;
    }
}
