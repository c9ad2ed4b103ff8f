package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

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
        EmbeddingHead trained = withHead.embeddingHead().orElseThrow();
        assertThat(head.weights()).containsExactly(trained.weights());
        assertThat(head.bias()).containsExactly(trained.bias());
        assertThat(head.c()).isEqualTo(trained.c());
        assertThat(head.classes()).isEqualTo(trained.classes());
        assertThat(loaded.version()).isEqualTo(withHead.version()).isNotEqualTo(sparse.version());
        CascadeClassifier before = new CascadeClassifier(withHead, encoder, 1.0);
        CascadeClassifier after = new CascadeClassifier(loaded, encoder, 1.0);
        for (String text : TEXTS) {
            assertThat(after.classify(null, text)).isEqualTo(before.classify(null, text));
        }
    }

    @Test
    void givenAThresholdBetweenTwoItemsSparseConfidences_whenClassified_thenOnlyTheLessSureOneGetsTheSecondOpinion() {
        String sure = "crash after update";
        String unsure = "The new update changed the menus";
        double sureTop = withHead.classify(null, sure).confidence();
        double unsureTop = withHead.classify(null, unsure).confidence();
        assertThat(unsureTop).as("the sample's premise").isLessThan(sureTop);
        CascadeClassifier cascade = new CascadeClassifier(withHead, encoder, (sureTop + unsureTop) / 2);

        FeedbackClassifier.Prediction forSure = cascade.classify(null, sure);
        FeedbackClassifier.Prediction forUnsure = cascade.classify(null, unsure);

        assertThat(forSure).isEqualTo(withHead.classify(null, sure));
        assertThat(forUnsure.signals()).last().asString().contains("second opinion");
        assertThat(cascade.classified()).isEqualTo(2);
        assertThat(cascade.embedded()).isEqualTo(1);
    }

    @Test
    void givenASparseConfidenceExactlyAtTheThreshold_whenClassified_thenTheSparseAnswerStands() {
        String text = "crash after update";
        CascadeClassifier cascade = new CascadeClassifier(withHead, encoder, withHead.classify(null, text).confidence());

        assertThat(cascade.classify(null, text)).isEqualTo(withHead.classify(null, text));
        assertThat(cascade.embedded()).isZero();
    }

    @Test
    void givenAnEncoderThatFails_whenAnItemNeedsASecondOpinion_thenTheSparseAnswerStandsAndTheFailureIsCounted() {
        SentenceEncoder broken = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q);
        broken.close(); // every call now fails inside ONNX Runtime
        CascadeClassifier cascade = new CascadeClassifier(withHead, broken, 1.0);

        FeedbackClassifier.Prediction p = cascade.classify(null, "The new update changed the menus");

        assertThat(p).isEqualTo(withHead.classify(null, "The new update changed the menus"));
        assertThat(cascade.failed()).isEqualTo(1);
        assertThat(cascade.embedded()).isZero();
    }

    @Test
    void givenATextEncodedBefore_whenEncodedAgain_thenTheRecentEmbeddingIsReusedWithoutTheModel() {
        SentenceEncoder own = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q);
        float[] first = own.encode("Sync", "The watch stopped syncing after the update");
        first[0] = 42; // the caller's copy: changing it must not change what the cache holds
        own.close(); // from now on only a cached input can be encoded

        float[] again = own.encode("Sync", "The watch stopped syncing after the update");

        assertThat(again).containsExactly(encoder.encode("Sync", "The watch stopped syncing after the update"));
        assertThat(own.cacheHits()).isEqualTo(1);
        assertThatThrownBy(() -> own.encode(null, "A text it has not seen")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void givenATextLongerThanTheEncodersWindow_whenEncoded_thenOnlyItsOpeningCounts() {
        String opening = "The watch loses its connection to the phone every night. ".repeat(40).substring(0, SentenceEncoder.MAX_CHARS);
        String longer = opening + "Completely different words about dark mode and exports follow here. ".repeat(300);

        assertThat(encoder.encode(null, longer)).containsExactly(encoder.encode(null, opening));
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
            assertThat(p.confidence()).as(text).isCloseTo((first[best] + second[best]) / 2, offset(1e-12));
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

        assertThat(dot(one, one)).isCloseTo(1.0, offset(1e-5));
        assertThat(dot(one, same)).isGreaterThan(dot(one, other));
    }

    @Test
    void givenAModelWithoutAHead_whenCascaded_thenItIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new CascadeClassifier(sparse, encoder, 0.55)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no embedding head").hasMessageContaining("--embedding-head");
    }

    @Test
    void givenAThresholdOutsideZeroToOne_whenCascaded_thenItIsRefused() {
        assertThatThrownBy(() -> new CascadeClassifier(withHead, encoder, 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new CascadeClassifier(withHead, encoder, 1.5)).hasMessageContaining("(0, 1]");
    }

    @Test
    void givenAnUnknownEncoderName_whenLoaded_thenTheErrorNamesTheOneThisVersionHas() {
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
