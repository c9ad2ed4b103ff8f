package dev.hypercare.triage.classifier;

import static dev.hypercare.model.Category.BUG;
import static dev.hypercare.model.Category.FEATURE_REQUEST;
import static dev.hypercare.model.Category.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.Category;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifierTrainerTest {

    private static final ClassifierTrainer.Options FIXED_C =
            new ClassifierTrainer.Options("small", Samples.SMALL_SPEC, List.of(10.0), 2, true, 1);

    private static LinearTextClassifier small;

    @BeforeAll
    static void trainOnce() {
        small = ClassifierTrainer.train(Samples.small(), FIXED_C).model();
    }

    @Test
    void givenASmallLabelledSample_whenTrained_thenClearUnseenExamplesAreSeparated() {
        LinearTextClassifier model = small;

        assertThat(model.classify(null, "the app crashes with an error after the update").category()).isEqualTo(BUG);
        assertThat(model.classify(null, "please add an option for a dark theme").category()).isEqualTo(FEATURE_REQUEST);
        assertThat(model.classify(null, "love this great app").category()).isEqualTo(OTHER);
        assertThat(model.classify(null, "l'appli plante, erreur de synchronisation").category()).isEqualTo(BUG);
    }

    @Test
    void givenATrainedModel_whenClassifying_thenConfidenceIsTheTopProbabilityAndSignalsNameTheWords() {
        LinearTextClassifier model = small;

        FeedbackClassifier.Prediction p = model.classify(null, "it crashes, please fix the crash");
        double[] probabilities = model.probabilities(null, "it crashes, please fix the crash");

        assertThat(p.category()).isEqualTo(BUG);
        assertThat(probabilities).hasSize(3);
        assertThat(p.confidence()).isBetween(1.0 / 3, 1.0).isEqualTo(probabilities[0]);
        assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.signals()).isNotEmpty().hasSizeLessThanOrEqualTo(3).anySatisfy(s -> assertThat(s).contains("crash"));
    }

    @Test
    void givenWordsNoTrainingTextContained_whenClassified_thenTheyChangeNothing() {
        // Full-size spec, so the unseen words' n-grams do not collide with seen ones.
        LinearTextClassifier model = ClassifierTrainer.train(Samples.small(),
                new ClassifierTrainer.Options("oov", FeatureSpec.DEFAULT, List.of(10.0), 2, true, 1)).model();

        double[] known = model.probabilities(null, "the app crashes");
        double[] withUnseen = model.probabilities(null, "the app crashes ψψψ");

        assertThat(withUnseen).containsExactly(known, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void givenNoTextAtAll_whenClassified_thenAPredictionWithoutSignals() {
        FeedbackClassifier.Prediction p = small.classify(null, "");

        assertThat(p.category()).isIn(BUG, FEATURE_REQUEST, OTHER);
        assertThat(p.confidence()).isBetween(0.0, 1.0);
        assertThat(p.signals()).isEmpty();
        assertThat(small.classify(null, null).category()).isEqualTo(p.category());
    }

    @Test
    void givenOnlyThreeLabels_whenTrained_thenTheModelSaysItCannotPredictQuestionOrPraise() {
        LinearTextClassifier model = small;

        assertThat(model.categories()).containsExactlyInAnyOrder(BUG, FEATURE_REQUEST, OTHER);
        assertThat(model.info().classCounts()).containsEntry(BUG, 8).containsEntry(FEATURE_REQUEST, 8).containsEntry(OTHER, 8);
    }

    @Test
    void givenTwoClasses_whenTrained_thenBothAreReachable() {
        List<LabelledExample> two = Samples.small().stream().filter(e -> e.label() != OTHER).toList();

        LinearTextClassifier model = ClassifierTrainer.train(two, FIXED_C).model();

        assertThat(model.classify(null, "crash and error on sync").category()).isEqualTo(BUG);
        assertThat(model.classify(null, "please add an option").category()).isEqualTo(FEATURE_REQUEST);
    }

    @Test
    void givenSeveralCValues_whenTrained_thenEachIsCrossValidatedAndTheBestIsKept() {
        ClassifierTrainer.Options options = new ClassifierTrainer.Options("cv", Samples.SMALL_SPEC, List.of(0.01, 10.0), 3, true, 7);

        ClassifierTrainer.Result result = ClassifierTrainer.train(Samples.small(), options);

        assertThat(result.cvMacroF1()).containsOnlyKeys(0.01, 10.0);
        double best = result.cvMacroF1().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(result.cvMacroF1().get(result.model().info().c())).isEqualTo(best);
        assertThat(result.model().info().cvMacroF1()).isEqualTo(best);
    }

    @Test
    void givenExamplesFromTwoSources_whenTrainedWithSeveralC_thenCIsChosenByLeavingOneSourceOut() {
        List<LabelledExample> grouped = new java.util.ArrayList<>();
        List<LabelledExample> sample = Samples.small();
        for (int i = 0; i < sample.size(); i++) {
            LabelledExample e = sample.get(i);
            grouped.add(new LabelledExample(e.title(), e.text(), e.label(), i % 2 == 0 ? "app-a" : "app-b"));
        }
        ClassifierTrainer.Options options = new ClassifierTrainer.Options("grouped", Samples.SMALL_SPEC, List.of(0.1, 10.0), 5, true, 7);

        ClassifierTrainer.Result result = ClassifierTrainer.train(grouped, options);

        assertThat(result.validation()).isEqualTo("leave-one-group-out over 2 groups");
        assertThat(result.model().info().validation()).isEqualTo(result.validation());
        assertThat(result.cvMacroF1()).containsOnlyKeys(0.1, 10.0);
    }

    @Test
    void givenExamplesWithoutGroups_whenFoldsAreChosen_thenStratifiedFoldsAreUsed() {
        assertThat(ClassifierTrainer.groupFolds(Samples.small())).isNull();
        assertThat(ClassifierTrainer.train(Samples.small(), new ClassifierTrainer.Options("s", Samples.SMALL_SPEC, List.of(1.0, 2.0), 2,
                true, 1)).validation()).isEqualTo("2-fold stratified");
    }

    @Test
    void givenTheSameDataTwice_whenTrained_thenTheSameVersion() {
        String a = small.version();
        String b = ClassifierTrainer.train(Samples.small(), FIXED_C).model().version();

        assertThat(a).isEqualTo(b).startsWith("small@sha256:").contains("/data:");
    }

    @Test
    void givenASingleCategory_whenTrained_thenItRefusesWithAReason() {
        List<LabelledExample> bugsOnly = Samples.small().stream().filter(e -> e.label() == Category.BUG).toList();

        assertThatThrownBy(() -> ClassifierTrainer.train(bugsOnly, FIXED_C)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two categories");
    }

    @Test
    void givenLabels_whenFoldsAreDealt_thenEveryFoldHoldsEveryClass() {
        int[] y = {0, 0, 0, 1, 1, 1, 2, 2, 2};

        int[] fold = ClassifierTrainer.stratifiedFolds(y, 3, 3, 5);

        for (int f = 0; f < 3; f++) {
            for (int k = 0; k < 3; k++) {
                int count = 0;
                for (int i = 0; i < y.length; i++) {
                    if (fold[i] == f && y[i] == k) {
                        count++;
                    }
                }
                assertThat(count).as("fold %d class %d", f, k).isEqualTo(1);
            }
        }
    }
}
