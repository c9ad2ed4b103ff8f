package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.Category;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sparse model with the e5-small-v2 second opinion, with the real encoder (ONNX Runtime) and real models. */
class CascadeClassifierTest {

    private static final List<String> TEXTS = List.of("crash after update", "please add dark mode", "great app",
            "the watch no longer shows my notifications", "ce serait bien de pouvoir changer le cadran", "autre chose");

    private static SentenceEncoder encoder;
    private static LinearTextClassifier sparse;
    private static LinearTextClassifier withHead;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        encoder = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q);
        ClassifierTrainer.Options options = new ClassifierTrainer.Options("cascade", Samples.SMALL_SPEC, List.of(10.0), 2, true, 1);
        sparse = ClassifierTrainer.train(Samples.small(), options).model();
        withHead = ClassifierTrainer.withEmbeddingHead(sparse, Samples.small(), encoder, options).model();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void givenAModelWithAnEmbeddingHead_whenWrittenAndLoaded_thenTheHeadAndTheCascadesDecisionsSurvive() throws Exception {
        Path file = dir.resolve("model.bin");

        ClassifierModels.write(withHead, file);
        LinearTextClassifier loaded = ClassifierModels.load(file);

        EmbeddingHead head = loaded.embeddingHead().orElseThrow();
        assertThat(head.encoder()).isEqualTo(SentenceEncoder.E5_SMALL_V2_Q);
        assertThat(head.dimension()).isEqualTo(SentenceEncoder.E5_DIMENSION);
        assertThat(head.weights()).containsExactly(withHead.embeddingHead().orElseThrow().weights());
        assertThat(loaded.version()).isEqualTo(withHead.version()).isNotEqualTo(sparse.version());
        CascadeClassifier before = new CascadeClassifier(withHead, encoder, 1.0);
        CascadeClassifier after = new CascadeClassifier(loaded, encoder, 1.0);
        for (String text : TEXTS) {
            assertThat(after.classify(null, text)).isEqualTo(before.classify(null, text));
        }
    }

    @Test
    void givenItemsTheSparseModelIsSureOf_whenClassified_thenTheEmbeddingIsNotConsultedAndTheAnswerIsTheSparseOne() {
        CascadeClassifier cascade = new CascadeClassifier(withHead, encoder, 0.01);

        for (String text : TEXTS) {
            assertThat(cascade.classify(null, text)).isEqualTo(withHead.classify(null, text));
        }
        assertThat(cascade.classified()).isEqualTo(TEXTS.size());
        assertThat(cascade.embedded()).isZero();
    }

    @Test
    void givenItemsBelowTheThreshold_whenClassified_thenTheSparseAndEmbeddingProbabilitiesAreAveragedAndTheSignalSaysSo() {
        CascadeClassifier cascade = new CascadeClassifier(withHead, encoder, 1.0);
        EmbeddingHead head = withHead.embeddingHead().orElseThrow();
        List<Category> classes = head.classes();

        for (String text : TEXTS) {
            double[] first = withHead.probabilities(null, text);
            double[] second = head.probabilities(encoder.encode(null, text));
            int best = 0;
            for (int k = 1; k < classes.size(); k++) {
                if (first[k] + second[k] > first[best] + second[best]) {
                    best = k;
                }
            }
            FeedbackClassifier.Prediction p = cascade.classify(null, text);

            assertThat(p.category()).as(text).isEqualTo(classes.get(best));
            assertThat(p.confidence()).as(text).isCloseTo((first[best] + second[best]) / 2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(p.signals()).as(text).last().asString().startsWith("e5-small-v2-q second opinion (sparse confidence ");
        }
        assertThat(cascade.embedded()).isEqualTo(TEXTS.size());
        assertThat(cascade.version()).isEqualTo(withHead.version() + "+e5-small-v2-q<1.00");
    }

    @Test
    void givenTwoWordingsOfOneProblem_whenEncoded_thenTheyAreCloserThanAnUnrelatedRequest() {
        // e5-small-v2 is an English model: French is not asserted here (docs/triage-quality.md, "Cascade").
        float[] one = encoder.encode(null, "The app crashes when I open it");
        float[] same = encoder.encode(null, "It quits on launch every single time");
        float[] other = encoder.encode(null, "Please add a dark mode");

        assertThat(dot(one, one)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(dot(one, same)).isGreaterThan(dot(one, other));
    }

    @Test
    void givenAModelWithoutAHead_whenCascaded_thenItIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new CascadeClassifier(sparse, encoder, 0.55)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no embedding head").hasMessageContaining("--embedding-head");
        assertThatThrownBy(() -> new CascadeClassifier(withHead, encoder, 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> SentenceEncoder.load("labse")).hasMessageContaining("e5-small-v2-q");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
