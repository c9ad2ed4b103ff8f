package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A guard on real data (../shared/data, Mini-BAR): train on one app's reviews with the shipped
 * features at a fixed C (cross-validation is the slow part and is covered elsewhere), evaluate on
 * the other app. The floor sits well under the measured figure (docs/triage-quality.md) and well
 * above the plain baseline, so a broken feature or weighting change fails here.
 */
class CrossAppQualityTest {

    @Test
    void givenGarminReviews_whenTrainedAndEvaluatedOnHuaweiReviews_thenMacroF1StaysAboveTheFloor() throws Exception {
        Path dir = Samples.sharedData().resolve("classification");
        List<Path> files = List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl"));
        List<LabelledExample> train = LabelledData.read(files, new LabelledData.Selection(Map.of("app", "Garmin Connect"), Map.of()));
        List<LabelledExample> test = LabelledData.read(files, new LabelledData.Selection(Map.of("app", "Huawei Health"), Map.of()));
        ClassifierTrainer.Options options = new ClassifierTrainer.Options("guard", FeatureSpec.DEFAULT, List.of(2.0), 2, true, 42);

        LinearTextClassifier model = ClassifierTrainer.train(train, options).model();
        List<Category> gold = new ArrayList<>();
        List<Category> predicted = new ArrayList<>();
        for (LabelledExample e : test) {
            gold.add(e.label());
            predicted.add(model.classify(e.title(), e.text()).category());
        }
        Evaluation evaluation = Evaluation.of(gold, predicted);

        assertThat(evaluation.macroF1()).as(evaluation.format()).isGreaterThan(0.70);
        assertThat(evaluation.perClass().get(Category.FEATURE_REQUEST).f1()).as(evaluation.format()).isGreaterThan(0.45);
    }
}
