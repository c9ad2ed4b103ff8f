package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierModelsTest {

    private static LinearTextClassifier trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trained = ClassifierTrainer.train(Samples.small(), new ClassifierTrainer.Options("roundtrip", Samples.SMALL_SPEC,
                List.of(10.0), 2, true, 1)).model();
    }

    @Test
    void givenATrainedModel_whenWrittenAndLoaded_thenSamePredictionsProbabilitiesAndVersion() throws Exception {
        Path file = dir.resolve("model.bin");

        ClassifierModels.write(trained, file);
        LinearTextClassifier loaded = ClassifierModels.load(file);

        assertThat(loaded.version()).isEqualTo(trained.version());
        assertThat(loaded.info()).isEqualTo(trained.info());
        assertThat(loaded.spec()).isEqualTo(trained.spec());
        for (String text : List.of("crash after update", "please add dark mode", "great app", "autre chose")) {
            assertThat(loaded.probabilities(null, text)).containsExactly(trained.probabilities(null, text));
            assertThat(loaded.classify(null, text)).isEqualTo(trained.classify(null, text));
        }
        assertThat(Files.size(file)).isLessThan(20L * 1024 * 1024);
    }

    @Test
    void givenAFlippedByte_whenLoaded_thenItFailsAsCorrupt() throws Exception {
        Path file = dir.resolve("model.bin");
        ClassifierModels.write(trained, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ClassifierModels.load(file)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("corrupt").hasMessageContaining(file.toString());
    }

    @Test
    void givenATruncatedFile_whenLoaded_thenItFailsAsCorrupt() throws Exception {
        Path file = dir.resolve("model.bin");
        ClassifierModels.write(trained, file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1000));

        assertThatThrownBy(() -> ClassifierModels.load(file)).isInstanceOf(InvalidModelException.class).hasMessageContaining("corrupt");
    }

    @Test
    void givenAFileThatIsNoModel_whenLoaded_thenItSaysSo() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "{\"text\": \"this is JSON, not a model\", \"label\": \"BUG\"}\n".repeat(10));

        assertThatThrownBy(() -> ClassifierModels.load(file)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("not a Hypercare classifier model");
    }

    @Test
    void givenAFutureFormatVersion_whenLoaded_thenItNamesTheFormatsThisVersionReads() throws Exception {
        byte[] bytes = ClassifierModels.bytes(trained);
        int at = "HYPERCARE-CLASSIFIER\n".length();
        ByteBuffer.wrap(bytes, at, 4).putInt(99);

        assertThatThrownBy(() -> ClassifierModels.read(bytes, "future.bin")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("format 99").hasMessageContaining("formats " + ClassifierModels.FORMAT_VERSION + " and "
                        + ClassifierModels.FORMAT_WITH_HEAD);
    }

    @Test
    void givenAMissingFile_whenLoaded_thenNoSuchFile() {
        assertThatThrownBy(() -> ClassifierModels.load(dir.resolve("absent.bin"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void givenTheShippedDefault_whenLoaded_thenItClassifiesClearEnglishAndFrenchFeedback() {
        LinearTextClassifier model = ClassifierModels.loadDefault();

        assertThat(model.version()).startsWith("minibar-default@sha256:");
        assertThat(model.embeddingHead()).map(EmbeddingHead::encoder).contains(SentenceEncoder.E5_SMALL_V2_Q);
        assertThat(model.categories()).containsExactlyInAnyOrder(dev.hypercare.model.Category.BUG,
                dev.hypercare.model.Category.FEATURE_REQUEST, dev.hypercare.model.Category.OTHER);
        assertThat(model.classify(null, "The app crashes every time I try to sync my watch").category())
                .isEqualTo(dev.hypercare.model.Category.BUG);
        assertThat(model.classify(null, "L'application plante à chaque synchronisation").category())
                .isEqualTo(dev.hypercare.model.Category.BUG);
        assertThat(model.classify(null, "Please add an option to export my workouts as GPX").category())
                .isEqualTo(dev.hypercare.model.Category.FEATURE_REQUEST);
        assertThat(model.classify(null, "Great app, I love it").category()).isEqualTo(dev.hypercare.model.Category.OTHER);
    }
}
