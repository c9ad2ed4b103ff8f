package dev.hypercare.bench;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.RawFeedback;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The inputs of the measurements, all drawn from {@link FeedbackCorpus}. */
final class DataCommands {

    private DataCommands() {
    }

    static Path dataDir(Options options) {
        String dir = options.getOrEmpty("data-dir");
        return dir.isEmpty() ? null : Path.of(dir);
    }

    /**
     * {@code payload-file}: raw-topic JSON records, one a line, for Kafka's {@code ProducerPerformance
     * --payload-file}, which sends a random line per record; the raw ceiling then moves the same bytes
     * the pipeline moves.
     */
    static void payloadFile(Options options) throws IOException {
        FeedbackCorpus corpus = FeedbackCorpus.load(dataDir(options), options.getLong("seed"));
        int count = options.getInt("count");
        long bytes = 0;
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(options.get("out")), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                // Jackson escapes line breaks inside strings, so one record is exactly one line.
                String line = new String(Topics.FEEDBACK_RAW.valueSerde().serializer()
                        .serialize(Topics.FEEDBACK_RAW.name(), corpus.raw(i, receivedAt)), StandardCharsets.UTF_8);
                out.write(line);
                out.write('\n');
                bytes += line.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Results.log("payload-file: %d records from %d reviews + %d built-in reports, mean %d bytes",
                count, corpus.reviewCount(), FeedbackCorpus.REPORTS.size(), bytes / count);
        Results.put("corpus.reviews", corpus.reviewCount());
        Results.put("corpus.record.bytes", bytes / count);
    }

    /**
     * {@code wrk-bodies}: POST bodies, one a line, that {@code bench/wrk/feedback.lua} cycles through:
     * single items, or JSON arrays of {@code --batch} items for the batch endpoint. No client ids,
     * since the bodies are sent many times.
     */
    static void wrkBodies(Options options) throws IOException {
        FeedbackCorpus corpus = FeedbackCorpus.load(dataDir(options), options.getLong("seed"));
        int count = options.getInt("count");
        int batch = options.getInt("batch");
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(options.get("out")), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write(batch == 1 ? corpus.submissionJson(i, false) : corpus.batchJson((long) i * batch, batch, false));
                out.write('\n');
            }
        }
    }

    /**
     * {@code preproduce}: N keyed {@link RawFeedback} records, exactly as the ingest-service writes
     * them (key = feedback id, value through the registry serde, timestamp = receivedAt), for the
     * triage and pass-through throughput runs. Tuned batching: this is set-up, not a measurement.
     */
    static void preproduce(Options options) throws Exception {
        FeedbackCorpus corpus = FeedbackCorpus.load(dataDir(options), options.getLong("seed"));
        long records = options.getLong("records");
        String topic = options.get("topic");
        Properties config = new Properties();
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-servers"),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "10",
                ProducerConfig.BATCH_SIZE_CONFIG, "131072"));
        var serializer = Topics.FEEDBACK_RAW.valueSerde().serializer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long started = System.nanoTime();
        long offset = options.getLong("first-index");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                RawFeedback record = corpus.raw(offset + i, now);
                producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), record.feedbackId(),
                        serializer.serialize(topic, record)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Results.log("preproduce: %d records to %s in %.1f s (%.0f rec/s)", acked.get(), topic, seconds, acked.get() / seconds);
        Results.put("triage.input.records", acked.get());
    }
}
