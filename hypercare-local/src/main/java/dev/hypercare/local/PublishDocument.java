package dev.hypercare.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes a policy document (the triage rules, {@code triage-policy}; the SLA policy, {@code sla-policy}) to the
 * compacted {@code hypercare.triage.rules} topic under its name, or, with {@code --reset}, a tombstone that puts the
 * shipped defaults back: {@code ./hypercare publish}. The services validate a new version and keep the previous one
 * when it is invalid; this tool only refuses what is not JSON, so that a typo never reaches them as a rejected version.
 *
 * <pre>java -cp hypercare-local.jar dev.hypercare.local.PublishDocument --key triage-policy --file my-rules.json
 *     [--bootstrap-servers localhost:9092] | --key triage-policy --reset true</pre>
 */
public final class PublishDocument {

    private PublishDocument() {
    }

    public static void main(String[] args) {
        Map<String, String> options = Args.parseOrExit(args, Map.of(
                "bootstrap-servers", "localhost:9092",
                "key", "triage-policy",
                "file", "",
                "reset", "false"));
        try {
            System.out.println(publish(options.get("bootstrap-servers"), options.get("key"),
                    Boolean.parseBoolean(options.get("reset")) ? null : document(options.get("file"))));
        } catch (IllegalArgumentException e) {
            System.err.println("publish: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The file's JSON object, or a message naming the file and what is wrong with it. */
    static JsonNode document(String file) {
        if (file.isBlank()) {
            throw new IllegalArgumentException("--file FILE.json is required (or --reset true for the shipped defaults)");
        }
        try {
            JsonNode document = Json.mapper().readTree(Files.readString(Path.of(file)));
            if (document == null || !document.isObject()) {
                throw new IllegalArgumentException(file + ": a policy document is a JSON object");
            }
            return document;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** Writes the document (null: a tombstone) and answers where it went, once the broker has it (acks=all). */
    static String publish(String bootstrapServers, String key, JsonNode document) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        var topic = Topics.TRIAGE_RULES;
        try (var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), key, document)).get(20, TimeUnit.SECONDS);
            return (document == null ? "reset " + key + " to the shipped defaults" : "published " + key)
                    + " (" + topic.name() + "-" + written.partition() + " offset " + written.offset() + ")";
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new IllegalArgumentException("not written to " + topic.name() + " at " + bootstrapServers + ": "
                    + (e instanceof ExecutionException ? e.getCause() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
    }
}
