package dev.hypercare.triage.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.triage.classifier.ClassifierModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path labelled(String name, String app, String... rows) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.length; i += 2) {
            lines.add(JSON.writeValueAsString(Map.of("text", rows[i], "labels", List.of(rows[i + 1]), "app", app)));
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    /** Four rows of each of BUG, FEATURE_REQUEST and OTHER, all of app "a": enough to train and evaluate. */
    private Path twelveLabelledRows() throws Exception {
        return labelled("d.jsonl", "a",
                "app crashes on start", "BUG", "crash after update, error", "BUG", "sync broken, does not work", "BUG",
                "it freezes and crashes", "BUG", "please add dark mode", "FEATURE_REQUEST", "would be nice to add export", "FEATURE_REQUEST",
                "please add a widget", "FEATURE_REQUEST", "add an option for goals please", "FEATURE_REQUEST",
                "great app love it", "OTHER", "very good", "OTHER", "excellent, love it", "OTHER", "nice and great", "OTHER");
    }

    private int run(boolean train, String... args) throws Exception {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return train ? Train.run(args, o, e) : Evaluate.run(args, o, e);
    }

    @Test
    void givenLabelledJsonl_whenTrainedThenEvaluated_thenTheModelFileAndTheReportExist() throws Exception {
        Path data = twelveLabelledRows();
        Path model = dir.resolve("out/model.bin");

        int trained = run(true, "--data", data.toString(), "--out", model.toString(), "--c", "0.5,5", "--folds", "2", "--word-bits", "12",
                "--char-bits", "14");
        int evaluated = run(false, "--model", model.toString(), "--data", data.toString(), "--where", "app=a");

        assertThat(trained).as(err.toString()).isZero();
        assertThat(evaluated).as(err.toString()).isZero();
        assertThat(ClassifierModels.load(model).version()).startsWith("model@sha256:");
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("training on 12 examples", "cross-validated macro-F1", "wrote " + model, "macro-F1",
                "FEATURE_REQUEST", "confusion (rows: gold, columns: predicted)", "items per CPU-second on one thread",
                "below a threshold an item goes to review");
    }

    @Test
    void givenTheEmbeddingHeadFlag_whenTrainedThenEvaluated_thenTheModelCarriesAHeadAndTheReportCountsTheSecondOpinions() throws Exception {
        Path data = twelveLabelledRows();
        Path model = dir.resolve("cascade.bin");

        int trained = run(true, "--data", data.toString(), "--out", model.toString(), "--c", "1", "--word-bits", "12", "--char-bits", "14",
                "--embedding-head");
        int evaluated = run(false, "--model", model.toString(), "--data", data.toString(), "--cascade-below", "1");
        String cascadeReport = out.toString(StandardCharsets.UTF_8);
        out.reset();
        int sparseOnly = run(false, "--model", model.toString(), "--data", data.toString(), "--cascade-below", "0");

        assertThat(trained).as(err.toString()).isZero();
        assertThat(evaluated).as(err.toString()).isZero();
        assertThat(sparseOnly).as(err.toString()).isZero();
        assertThat(ClassifierModels.load(model).embeddingHead()).isPresent();
        assertThat(cascadeReport).contains("embedding head (e5-small-v2-q)", "+e5-small-v2-q<1.00 on 12 items",
                "cascade: 12 of 12 items (100.0 %) below sparse confidence 1.00 got the e5-small-v2-q second opinion");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("cascade:", "+e5-small-v2-q");
    }

    @Test
    void givenACascadeThresholdOutsideZeroToOne_whenEvaluated_thenItIsAUsageError() throws Exception {
        Path data = labelled("d.jsonl", "a", "crash", "BUG", "great", "OTHER");

        assertThat(run(false, "--model", "default", "--data", data.toString(), "--cascade-below", "high")).isEqualTo(2);
        assertThat(run(false, "--model", "default", "--data", data.toString(), "--cascade-below", "-0.1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cascade-below takes a confidence from 0 (off) to 1, got high");
    }

    @Test
    void givenASelectionThatMatchesNothing_whenEvaluated_thenItFailsWithAReason() throws Exception {
        Path data = labelled("d.jsonl", "a", "crash", "BUG", "great", "OTHER");
        Path model = dir.resolve("m.bin");
        assertThat(run(true, "--data", data.toString(), "--out", model.toString(), "--c", "1", "--word-bits", "10")).isZero();

        int status = run(false, "--model", model.toString(), "--data", data.toString(), "--where", "app=zzz");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no labelled rows selected");
    }

    @Test
    void givenALabelTheModelNeverSaw_whenEvaluated_thenTheReportSaysSo() throws Exception {
        Path data = labelled("q.jsonl", "a", "How do I pair my watch?", "question", "The app crashes at start", "bug");

        int status = run(false, "--model", "default", "--data", data.toString());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("minibar-default@sha256:", "QUESTION",
                "the model was not trained on [QUESTION]");
    }

    @Test
    void givenMissingArguments_whenRun_thenUsageAndStatus2() throws Exception {
        assertThat(run(true, "--data", "x.jsonl")).isEqualTo(2);
        assertThat(run(false, "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required", "unknown argument --bogus", "train --data",
                "evaluate --model");
    }

    @Test
    void givenMalformedNumbersOrRanges_whenTrained_thenUsageNamingTheOptionAndStatus2() throws Exception {
        Path data = twelveLabelledRows();
        String out = dir.resolve("m.bin").toString();

        assertThat(run(true, "--data", data.toString(), "--out", out, "--word-bits", "many")).isEqualTo(2);
        assertThat(run(true, "--data", data.toString(), "--out", out, "--c", "1,x")).isEqualTo(2);
        assertThat(run(true, "--data", data.toString(), "--out", out, "--char-range", "4")).isEqualTo(2);
        assertThat(run(true, "--data", data.toString(), "--out", out, "--char-bits", "30")).isEqualTo(2);
        assertThat(run(true, "--data", data.toString(), "--out", out, "--c", "-1")).isEqualTo(2);
        assertThat(run(true, "--data", data.toString(), "--out", out, "--where", "app")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--word-bits takes a whole number, got many",
                "--c takes numbers separated by commas, got 1,x", "--char-range takes MIN-MAX, got 4",
                "feature space bits must be 1..24", "C values must be positive", "--where takes FIELD=VALUE, got app")
                .doesNotContain("Exception");
        assertThat(dir.resolve("m.bin")).doesNotExist();
    }

    @Test
    void givenFilesThatAreMissingOrNotWhatTheyShouldBe_whenRun_thenOneLineNamingTheFileAndStatus1() throws Exception {
        Path notJson = dir.resolve("notes.jsonl");
        Files.writeString(notJson, "{\"text\":\"crash\",\"label\":\"BUG\"}\nnot json\n");
        Path oneCategory = labelled("bugs.jsonl", "a", "crash", "BUG", "freezes", "BUG");
        String model = dir.resolve("m.bin").toString();

        assertThat(run(true, "--data", dir.resolve("nowhere.jsonl").toString(), "--out", model)).isEqualTo(1);
        assertThat(run(true, "--data", notJson.toString(), "--out", model)).isEqualTo(1);
        assertThat(run(true, "--data", oneCategory.toString(), "--out", model)).isEqualTo(1);
        assertThat(run(false, "--model", dir.resolve("none.bin").toString(), "--data", oneCategory.toString())).isEqualTo(1);
        assertThat(run(false, "--model", oneCategory.toString(), "--data", oneCategory.toString())).isEqualTo(1);

        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("train: no such file: " + dir.resolve("nowhere.jsonl"), "train: " + notJson + ":2: not a JSON object",
                "train: training needs at least two categories", "evaluate: " + dir.resolve("none.bin") + ": no such model file",
                "evaluate: " + oneCategory + " is not a Hypercare classifier model")
                .doesNotContain("\tat ", "Exception");
        assertThat(errors.lines()).hasSize(5);
    }
}
