package dev.hypercare.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Throughput of a Kafka Streams application measured from outside, the same way for the
 * triage-service and the pass-through: the consumer group's committed offsets on its input topic,
 * sampled every {@link #SAMPLE}, until they reach the topic's end offsets (lag 0).
 *
 * <p>Why committed offsets and not output end offsets: under exactly-once, output topics also hold
 * transaction markers, so their offsets overcount; input offsets are committed in the same
 * transaction as the output, so lag 0 means every output is committed and visible.
 *
 * <p>The steady rate is taken from the first commit seen to lag 0, which leaves out the JVM start,
 * the group join and the first commit interval; the rate including them is reported too. With
 * {@code --pid}, the application's CPU time per record over the same steady window is reported as
 * well ({@code label.cpu.us}).
 *
 * <p>The same two figures are also taken over the second half of the records alone
 * ({@code label.rps.second-half}, {@code label.cpu.us.second-half}): a JVM compiles most of its hot code
 * in the first minute, and that JIT work (measured at 39 % of the triage-service's CPU in a
 * 100,000-record run, against far less for the small pass-through) belongs to start-up, not to the
 * per-record cost a long-running service pays. Both windows are reported; neither replaces the other.
 */
final class GroupProgress {

    static final Duration SAMPLE = Duration.ofMillis(100);

    private GroupProgress() {
    }

    /** Steady and start-inclusive rates from samples of (time, committed) taken until lag 0. */
    record Rate(long records, double steadyPerSecond, double inclusivePerSecond, double seconds) {

        static Rate of(long startedAtMillis, long firstCommitMillis, long firstCommitted, long doneMillis, long total) {
            double steadySeconds = Math.max(1, doneMillis - firstCommitMillis) / 1000.0;
            double inclusiveSeconds = Math.max(1, doneMillis - startedAtMillis) / 1000.0;
            // Without a sample between the first commit and the end (tiny runs) the steady rate is undefined.
            double steady = doneMillis > firstCommitMillis ? (total - firstCommitted) / steadySeconds : Double.NaN;
            return new Rate(total, steady, total / inclusiveSeconds, inclusiveSeconds);
        }
    }

    static void await(Options options) throws Exception {
        String group = options.get("group");
        String topic = options.get("topic");
        String label = options.get("label");
        long startedAt = options.getLong("started-at-ms");
        long deadline = System.currentTimeMillis() + options.getSeconds("timeout").toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-servers")))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Set<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long total = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            Results.log("%s: waiting for group %s to consume %d records of %s", label, group, total, topic);
            long pid = options.getLong("pid");
            long clockTicks = options.getLong("clk-tck");
            long firstCommitAt = -1;
            long firstCommitted = 0;
            long firstTicks = -1;
            long halfAt = -1;
            long halfCommitted = 0;
            long halfTicks = -1;
            long lastLog = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                long committed = committed(admin, group, partitions);
                long now = System.currentTimeMillis();
                if (committed > 0 && firstCommitAt < 0) {
                    firstCommitAt = now;
                    firstCommitted = committed;
                    firstTicks = pid > 0 ? ProcessCpu.ticks(pid) : -1;
                }
                if (committed >= total / 2 && committed < total && halfAt < 0) {
                    halfAt = now;
                    halfCommitted = committed;
                    halfTicks = pid > 0 ? ProcessCpu.ticks(pid) : -1;
                }
                if (committed >= total) {
                    Rate rate = Rate.of(startedAt, firstCommitAt, firstCommitted, now, total);
                    Results.log("%s: %d records, %.0f rec/s steady, %.0f rec/s including start-up (%.1f s)",
                            label, total, rate.steadyPerSecond(), rate.inclusivePerSecond(), rate.seconds());
                    Results.put(label + ".records", total);
                    Results.put(label + ".rps", rate.steadyPerSecond());
                    Results.put(label + ".rps.incl-start", rate.inclusivePerSecond());
                    Results.put(label + ".seconds", rate.seconds());
                    long ticks = pid > 0 && firstTicks >= 0 ? ProcessCpu.ticks(pid) - firstTicks : -1;
                    Results.put(label + ".cpu.us", ProcessCpu.microsPer(ticks, clockTicks, total - firstCommitted));
                    if (halfAt > 0 && now > halfAt) {
                        Results.put(label + ".rps.second-half", (total - halfCommitted) / ((now - halfAt) / 1000.0));
                        long halfTickDelta = pid > 0 && halfTicks >= 0 ? ProcessCpu.ticks(pid) - halfTicks : -1;
                        Results.put(label + ".cpu.us.second-half", ProcessCpu.microsPer(halfTickDelta, clockTicks, total - halfCommitted));
                    }
                    return;
                }
                if (now - lastLog > 5000) {
                    Results.log("%s: %d / %d", label, committed, total);
                    lastLog = now;
                }
                TimeUnit.MILLISECONDS.sleep(SAMPLE.toMillis());
            }
            throw new IllegalStateException(label + ": group " + group + " did not catch up with " + topic + " in time");
        }
    }

    /**
     * {@code start-at-end}: commits the current end offsets of {@code --topics} for a group that has
     * not started yet, so an application started with that id reads only what is produced from now
     * on, whatever its {@code auto.offset.reset}.
     */
    static void startAtEnd(Options options) throws Exception {
        String group = options.get("group");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-servers")))) {
            List<String> topics = List.of(options.get("topics").split(","));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
            Results.log("group %s starts at the end of %s (%d records skipped)", group, topics,
                    offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
        }
    }

    private static long committed(Admin admin, String group, Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        return partitions.stream().map(offsets::get).filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
