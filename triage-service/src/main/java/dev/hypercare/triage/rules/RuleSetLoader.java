package dev.hypercare.triage.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a rule set from JSON. Unlike the event topics, unknown fields are an error here: a rule
 * file is written by hand, and a misspelt "keyword" silently ignored would make a rule match
 * everything or nothing.
 */
public final class RuleSetLoader {

    /** The rule set shipped with the service. */
    public static final String DEFAULT_RESOURCE = "default-rules.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RuleSetLoader() {
    }

    public static RuleSet fromClasspath(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : RuleSetLoader.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new RuleSet.InvalidRuleSetException("No rule set resource " + resource + " on the classpath");
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule set " + resource, e);
        }
    }

    public static RuleSet fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule set " + file, e);
        }
    }

    public static RuleSet defaults() {
        return fromClasspath(DEFAULT_RESOURCE);
    }

    private static RuleSet read(InputStream in, String source) throws IOException {
        try {
            return MAPPER.readValue(in, RuleSet.class).validate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RuleSet.InvalidRuleSetException("Invalid rule set " + source + ": " + e.getOriginalMessage(), e);
        }
    }
}
