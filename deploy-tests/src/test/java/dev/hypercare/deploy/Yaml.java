package dev.hypercare.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML in, Jackson trees out. SnakeYAML reads (it resolves anchors and merge keys, which Compose
 * files use), Jackson holds the result so the checks can walk it and bind it to the models.
 */
final class Yaml {

    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    static org.yaml.snakeyaml.Yaml loader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new org.yaml.snakeyaml.Yaml(options);
    }

    /** Every non-empty document of a file, as objects. */
    static List<ObjectNode> documents(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return documents(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> documents(String yaml) {
        return documents(new StringReader(yaml), "<string>");
    }

    private static List<ObjectNode> documents(Reader reader, String source) {
        List<ObjectNode> result = new ArrayList<>();
        for (Object doc : loader().loadAll(reader)) {
            if (doc == null) {
                continue;
            }
            JsonNode node = JSON.valueToTree(doc);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(source + ": a document is not a mapping: " + node);
            }
            result.add(object);
        }
        return result;
    }

    /** Every non-empty document of a file, of any shape (a JSON patch is a list). */
    static List<JsonNode> nodes(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return nodes(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> nodes(String yaml) {
        return nodes(new StringReader(yaml));
    }

    private static List<JsonNode> nodes(Reader reader) {
        List<JsonNode> result = new ArrayList<>();
        for (Object doc : loader().loadAll(reader)) {
            if (doc != null) {
                result.add(JSON.valueToTree(doc));
            }
        }
        return result;
    }

    static ObjectNode document(Path file) {
        List<ObjectNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one document, found " + docs.size());
        }
        return docs.get(0);
    }
}
