package dev.hypercare.triage.classifier;

import static dev.hypercare.model.Category.BUG;
import static dev.hypercare.model.Category.FEATURE_REQUEST;
import static dev.hypercare.model.Category.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hypercare.model.Category;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** gold BUG x4: 3 BUG, 1 OTHER; gold FEATURE_REQUEST x2: 1 FR, 1 BUG; gold OTHER x4: 4 OTHER. */
    private static Evaluation handMade() {
        List<Category> gold = new ArrayList<>();
        List<Category> predicted = new ArrayList<>();
        add(gold, predicted, BUG, BUG, 3);
        add(gold, predicted, BUG, OTHER, 1);
        add(gold, predicted, FEATURE_REQUEST, FEATURE_REQUEST, 1);
        add(gold, predicted, FEATURE_REQUEST, BUG, 1);
        add(gold, predicted, OTHER, OTHER, 4);
        return Evaluation.of(gold, predicted);
    }

    private static void add(List<Category> gold, List<Category> predicted, Category g, Category p, int times) {
        for (int i = 0; i < times; i++) {
            gold.add(g);
            predicted.add(p);
        }
    }

    @Test
    void givenAHandMadeConfusion_whenEvaluated_thenPerClassPrecisionRecallAndF1AreExact() {
        Evaluation e = handMade();

        assertThat(e.classes()).containsExactly(BUG, FEATURE_REQUEST, OTHER);
        assertThat(e.confusion()).isDeepEqualTo(new long[][] {{3, 0, 1}, {1, 1, 0}, {0, 0, 4}});
        // BUG: precision 3/4, recall 3/4; FR: 1/1, 1/2; OTHER: 4/5, 4/4
        assertThat(e.perClass().get(BUG).precision()).isCloseTo(0.75, within(1e-12));
        assertThat(e.perClass().get(BUG).recall()).isCloseTo(0.75, within(1e-12));
        assertThat(e.perClass().get(FEATURE_REQUEST).f1()).isCloseTo(2 * 1 * 0.5 / 1.5, within(1e-12));
        assertThat(e.perClass().get(OTHER).f1()).isCloseTo(2 * 0.8 * 1 / 1.8, within(1e-12));
        assertThat(e.perClass().get(OTHER).support()).isEqualTo(4);
        assertThat(e.macroF1()).isCloseTo((0.75 + 2.0 / 3 + 1.6 / 1.8) / 3, within(1e-12));
        assertThat(e.accuracy()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void givenAClassThatIsPredictedButNeverGold_whenEvaluated_thenItCountsWithF1Zero() {
        Evaluation e = Evaluation.of(List.of(BUG, BUG), List.of(BUG, Category.QUESTION));

        assertThat(e.classes()).containsExactly(BUG, Category.QUESTION);
        assertThat(e.perClass().get(Category.QUESTION).f1()).isZero();
        assertThat(e.macroF1()).isCloseTo((2 * 1 * 0.5 / 1.5) / 2, within(1e-12));
    }

    @Test
    void givenTheReport_whenFormatted_thenItShowsTheTableMacroF1AndConfusion() {
        String report = handMade().format();

        assertThat(report).contains("precision", "recall", "f1", "macro-F1", "0.769", "confusion (rows: gold, columns: predicted)");
        assertThat(report.lines().filter(l -> l.startsWith("FEATURE_REQUEST")).toList())
                .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly("FEATURE_REQUEST", "1", "1", "0"));
    }

    @Test
    void givenNoItems_whenEvaluated_thenItRefuses() {
        assertThatThrownBy(() -> Evaluation.of(List.of(), List.of())).hasMessageContaining("nothing to evaluate");
    }
}
