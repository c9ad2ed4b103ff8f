package dev.hypercare.triage.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.kafka.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads rules documents ({@link PolicyDocument}) from JSON. Unlike the event topics, unknown fields are an
 * error here: a rules document is written by hand, and a misspelt "keyword" silently ignored would make a
 * rule match everything or nothing.
 */
public final class RuleSetLoader {

    /** The rules document shipped with the service. */
    public static final String DEFAULT_RESOURCE = "default-rules.json";

    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private RuleSetLoader() {
    }

    public static RuleSet fromClasspath(String resource) {
        return documentFromClasspath(resource).ruleSet().validate();
    }

    public static RuleSet fromFile(Path file) {
        return documentFromFile(file).ruleSet().validate();
    }

    public static RuleSet defaults() {
        return fromClasspath(DEFAULT_RESOURCE);
    }

    public static PolicyDocument documentFromClasspath(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : RuleSetLoader.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new RuleSet.InvalidRuleSetException("No rule set resource " + resource + " on the classpath");
            }
            return document(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule set " + resource, e);
        }
    }

    public static PolicyDocument documentFromFile(Path file) {
        try {
            return document(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule set " + file, e);
        }
    }

    /**
     * Parses a document; structure only (the rules themselves are checked when the document is compiled).
     *
     * @throws RuleSet.InvalidRuleSetException with the parser's reason (unknown field, bad JSON, wrong type)
     */
    public static PolicyDocument document(byte[] json, String source) {
        try {
            PolicyDocument document = MAPPER.readValue(json, PolicyDocument.class);
            if (document == null) {
                throw new RuleSet.InvalidRuleSetException("Empty rules document " + source);
            }
            return document;
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new RuleSet.InvalidRuleSetException("Invalid rules document " + source + ": " + reason, e);
        }
    }

    public static byte[] toJson(PolicyDocument document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
