package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A guard on real data (../shared/data, Mini-BAR): train on one app's reviews with the shipped
 * features at a fixed C (cross-validation is the slow part and is covered elsewhere), evaluate on
 * the other app. The floor sits well under the measured figure (docs/triage-quality.md) and well
 * above the plain baseline, so a broken feature or weighting change fails here.
 */
class CrossAppQualityTest {

    private static List<LabelledExample> garmin;
    private static List<LabelledExample> huawei;
    private static LinearTextClassifier sparse;

    @BeforeAll
    static void train() throws Exception {
        Path dir = Samples.sharedData().resolve("classification");
        List<Path> files = List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl"));
        garmin = LabelledData.read(files, new LabelledData.Selection(Map.of("app", "Garmin Connect"), Map.of()));
        huawei = LabelledData.read(files, new LabelledData.Selection(Map.of("app", "Huawei Health"), Map.of()));
        sparse = ClassifierTrainer.train(garmin, options(2.0)).model();
    }

    private static ClassifierTrainer.Options options(double c) {
        return new ClassifierTrainer.Options("guard", FeatureSpec.DEFAULT, List.of(c), 2, true, 42);
    }

    @Test
    void givenGarminReviews_whenTrainedAndEvaluatedOnHuaweiReviews_thenMacroF1StaysAboveTheFloor() {
        Evaluation evaluation = evaluate(sparse);

        assertThat(evaluation.macroF1()).as(evaluation.format()).isGreaterThan(0.70);
        assertThat(evaluation.perClass().get(Category.FEATURE_REQUEST).f1()).as(evaluation.format()).isGreaterThan(0.45);
    }

    /**
     * The cascade's reason to exist: on another app's reviews it beats the sparse model alone (measured 0.777 against
     * 0.759 with the shipped C values and threshold), while the embedding is consulted for a minority of items only.
     */
    @Test
    void givenGarminReviews_whenTheCascadeIsEvaluatedOnHuaweiReviews_thenItBeatsTheSparseModelAloneConsultingAMinority() {
        try (SentenceEncoder encoder = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q)) {
            LinearTextClassifier withHead = ClassifierTrainer.withEmbeddingHead(sparse, garmin, encoder, options(16.0)).model();
            CascadeClassifier cascade = new CascadeClassifier(withHead, encoder, CascadeClassifier.DEFAULT_BELOW);

            Evaluation alone = evaluate(sparse);
            Evaluation cascaded = evaluate(cascade);

            assertThat(cascaded.macroF1()).as(cascaded.format()).isGreaterThan(alone.macroF1() + 0.01);
            assertThat((double) cascade.embedded() / cascade.classified()).isBetween(0.02, 0.25);
        }
    }

    private static Evaluation evaluate(FeedbackClassifier model) {
        List<Category> gold = new ArrayList<>();
        List<Category> predicted = new ArrayList<>();
        for (LabelledExample e : huawei) {
            gold.add(e.label());
            predicted.add(model.classify(e.title(), e.text()).category());
        }
        return Evaluation.of(gold, predicted);
    }
}
