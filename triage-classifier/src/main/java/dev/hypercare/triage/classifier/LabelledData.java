package dev.hypercare.triage.classifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.model.Category;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads labelled JSONL: one object a line with {@code text} (or {@code body}), optional
 * {@code title}, and {@code labels} (array; the first is the primary label) or {@code label}.
 * Rows can be selected on other fields ({@code app}, {@code lang}, ...), which is how the
 * cross-app evaluation trains on one app and evaluates on the other.
 */
public final class LabelledData {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Keep a row only if every {@code include} field equals its value and no {@code exclude} field
     * equals its value (compared as text).
     */
    public record Selection(Map<String, String> include, Map<String, String> exclude) {
        public static final Selection ALL = new Selection(Map.of(), Map.of());

        boolean accepts(JsonNode row) {
            for (Map.Entry<String, String> e : include.entrySet()) {
                if (!e.getValue().equals(text(row, e.getKey()))) {
                    return false;
                }
            }
            for (Map.Entry<String, String> e : exclude.entrySet()) {
                if (e.getValue().equals(text(row, e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        private static String text(JsonNode row, String field) {
            JsonNode v = row.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    private LabelledData() {
    }

    public static List<LabelledExample> read(Path file, Selection selection) throws IOException {
        return read(file, selection, null);
    }

    /** As {@link #read(Path, Selection)}, with each example's group taken from {@code groupField} (may be null). */
    public static List<LabelledExample> read(Path file, Selection selection, String groupField) throws IOException {
        List<LabelledExample> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    // the original message: the full one adds a second line about the parser's source
                    throw new IOException(file + ":" + number + ": not a JSON object: " + e.getOriginalMessage(), e);
                }
                if (!selection.accepts(row)) {
                    continue;
                }
                JsonNode group = groupField == null ? null : row.get(groupField);
                out.add(example(row, file + ":" + number, group == null || group.isNull() ? null : group.asText()));
            }
        }
        return out;
    }

    public static List<LabelledExample> read(List<Path> files, Selection selection) throws IOException {
        return read(files, selection, null);
    }

    public static List<LabelledExample> read(List<Path> files, Selection selection, String groupField) throws IOException {
        List<LabelledExample> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(read(f, selection, groupField));
        }
        return out;
    }

    private static LabelledExample example(JsonNode row, String where, String group) throws IOException {
        JsonNode text = row.has("text") ? row.get("text") : row.get("body");
        if (text == null || !text.isTextual()) {
            throw new IOException(where + ": no \"text\" (or \"body\") string");
        }
        JsonNode title = row.get("title");
        String label;
        if (row.has("labels") && row.get("labels").isArray() && !row.get("labels").isEmpty()) {
            // Multi-labelled rows (2.5% of Mini-BAR, always BUG + FEATURE_REQUEST) count under their first label.
            label = row.get("labels").get(0).asText();
        } else if (row.has("label") && row.get("label").isValueNode()) {
            label = row.get("label").asText();
        } else {
            throw new IOException(where + ": no \"labels\" array or \"label\" string");
        }
        Optional<Category> category = Labels.parse(label);
        if (category.isEmpty()) {
            throw new IOException(where + ": unknown label \"" + label + "\"; expected a category name "
                    + List.of(Category.values()) + " or a synonym (feature, enhancement, question, defect, ...)");
        }
        return new LabelledExample(title != null && title.isTextual() ? title.asText() : null, text.asText(), category.get(), group);
    }
}
