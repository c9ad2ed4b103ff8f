package dev.hypercare.bench;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.model.RawFeedback;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The reference for the triage throughput: the least a JSON topology must do. Bytes in, Jackson
 * parse into {@link RawFeedback} (the triage-service parses the same type), write the JSON back out,
 * one record per record, with the triage-service's processing guarantee and commit interval. The
 * ratio triage / pass-through is then the cost of triage itself (rules, matrix, dedup and query
 * stores, four output records), independent of the machine.
 *
 * <p>Runs until SIGTERM; {@code bench/run} measures it from outside through its consumer group,
 * exactly as it measures the triage-service.
 */
public final class PassThroughApp {

    private PassThroughApp() {
    }

    static Topology topology(String input, String output) {
        JsonSerde<RawFeedback> serde = new JsonSerde<>(RawFeedback.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-bytes"))
                .mapValues(bytes -> serde.toBytes(serde.fromBytes(bytes)), Named.as("parse-and-write-json"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-sink"));
        return builder.build();
    }

    static void run(Options options) throws InterruptedException {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, options.get("application-id"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-servers"));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, options.get("processing-guarantee"));
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, options.get("commit-interval-ms"));
        config.put(StreamsConfig.STATE_DIR_CONFIG, options.get("state-dir"));
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        KafkaStreams streams = new KafkaStreams(topology(options.get("input"), options.get("output")), config);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            Results.log("pass-through: %s -> %s", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "pass-through-shutdown"));
        streams.start();
        stopped.await();
    }
}
