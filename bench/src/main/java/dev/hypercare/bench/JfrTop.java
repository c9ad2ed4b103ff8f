package dev.hypercare.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service spends its CPU under load, from a JFR recording: the hottest methods (self time,
 * the top frame of each {@code jdk.ExecutionSample}) and the share of samples that pass through each
 * layer (inclusive: a sample counts once for every layer on its stack). The same data as
 * {@code jfr print --events jdk.ExecutionSample}, summed so it fits in a report.
 */
final class JfrTop {

    /** Layers by package prefix, in the order printed. */
    static final Map<String, List<String>> LAYERS = layers();

    private JfrTop() {
    }

    private static Map<String, List<String>> layers() {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        layers.put("hypercare code", List.of("dev.hypercare."));
        layers.put("JSON (Jackson)", List.of("com.fasterxml.jackson."));
        layers.put("Kafka clients", List.of("org.apache.kafka.clients.", "org.apache.kafka.common."));
        layers.put("Kafka Streams", List.of("org.apache.kafka.streams."));
        layers.put("RocksDB", List.of("org.rocksdb."));
        layers.put("regex", List.of("java.util.regex."));
        layers.put("HTTP (Vert.x/Netty)", List.of("io.vertx.", "io.netty."));
        layers.put("REST (RESTEasy Reactive)", List.of("org.jboss.resteasy.", "io.quarkus.resteasy."));
        layers.put("Reactive Messaging", List.of("io.smallrye.reactive.messaging."));
        layers.put("Mutiny", List.of("io.smallrye.mutiny."));
        layers.put("Bean Validation", List.of("org.hibernate.validator."));
        layers.put("compression", List.of("java.util.zip.", "org.xerial.snappy.", "com.github.luben.", "net.jpountz."));
        return layers;
    }

    static void print(Options options) throws IOException {
        Path file = Path.of(options.get("file"));
        int top = options.getInt("top");
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> ownCode = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                // Hypercare's own methods, inclusive: which step of ours the time is spent under.
                frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.hypercare."))
                        .map(JfrTop::name).distinct().forEach(method -> ownCode.merge(method, 1L, Long::sum));
                for (var layer : LAYERS.entrySet()) {
                    boolean onStack = frames.stream().anyMatch(f -> layer.getValue().stream()
                            .anyMatch(prefix -> f.getMethod().getType().getName().startsWith(prefix)));
                    if (onStack) {
                        inclusive.merge(layer.getKey(), 1L, Long::sum);
                    }
                }
            }
        }
        System.out.printf("%s: %d execution samples%n%nshare of samples by layer (inclusive)%n", file.getFileName(), samples);
        for (String layer : LAYERS.keySet()) {
            long count = inclusive.getOrDefault(layer, 0L);
            System.out.printf("  %5.1f %%  %s%n", 100.0 * count / Math.max(1, samples), layer);
        }
        final long total = samples;
        System.out.printf("%nhypercare methods (inclusive)%n");
        ownCode.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
        System.out.printf("%nhottest methods (self)%n");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
