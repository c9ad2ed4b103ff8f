package dev.hypercare.triage.classifier;

import static dev.hypercare.model.Category.BUG;
import static dev.hypercare.model.Category.FEATURE_REQUEST;
import static dev.hypercare.model.Category.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDataTest {

    @TempDir
    Path dir;

    @Test
    void givenRowsWithLabelsArraysLabelStringsAndSynonyms_whenRead_thenPrimaryLabelsAreCategories() throws Exception {
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, """
                {"text": "crash", "labels": ["BUG", "FEATURE_REQUEST"], "app": "a"}
                {"title": "Add export", "body": "would be nice", "label": "enhancement", "app": "b"}

                {"text": "how do I pair?", "label": "question", "app": "b"}
                """);

        List<LabelledExample> rows = LabelledData.read(file, LabelledData.Selection.ALL);

        assertThat(rows).containsExactly(new LabelledExample(null, "crash", BUG),
                new LabelledExample("Add export", "would be nice", FEATURE_REQUEST),
                new LabelledExample(null, "how do I pair?", QUESTION));
    }

    @Test
    void givenASelection_whenRead_thenOnlyMatchingRowsAreKept() throws Exception {
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, """
                {"text": "one", "label": "BUG", "app": "a", "lang": "en"}
                {"text": "two", "label": "BUG", "app": "b", "lang": "en"}
                {"text": "three", "label": "BUG", "app": "b", "lang": "fr"}
                """);

        assertThat(LabelledData.read(file, new LabelledData.Selection(Map.of("app", "b"), Map.of("lang", "fr"))))
                .extracting(LabelledExample::text).containsExactly("two");
    }

    @Test
    void givenAnUnknownLabel_whenRead_thenTheErrorNamesFileLineAndLabel() throws Exception {
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, "{\"text\": \"a\", \"label\": \"BUG\"}\n{\"text\": \"b\", \"label\": \"wontfix\"}\n");

        assertThatThrownBy(() -> LabelledData.read(file, LabelledData.Selection.ALL)).hasMessageContaining(file + ":2")
                .hasMessageContaining("wontfix");
    }

    @Test
    void givenARowWithoutText_whenRead_thenTheErrorNamesTheLine() throws Exception {
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, "{\"label\": \"BUG\"}\n");

        assertThatThrownBy(() -> LabelledData.read(file, LabelledData.Selection.ALL)).hasMessageContaining(file + ":1")
                .hasMessageContaining("text");
    }

    @Test
    void givenSpellingsOfTheSameLabel_whenParsed_thenOneCategory() {
        assertThat(Labels.parse("Feature request")).contains(FEATURE_REQUEST);
        assertThat(Labels.parse("feature-request")).contains(FEATURE_REQUEST);
        assertThat(Labels.parse(" bug ")).contains(BUG);
        assertThat(Labels.parse("duplicate")).isEmpty();
    }
}
