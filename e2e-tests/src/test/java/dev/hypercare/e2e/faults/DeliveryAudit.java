package dev.hypercare.e2e.faults;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriagedFeedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back, as an ops team's consumer would (read_committed, from the beginning), what became of
 * a run's submissions: the raw, triaged and priority topics and the {@code volume|all} KPI of the
 * run's release, and counts what was lost, doubled, or present without a 202.
 */
final class DeliveryAudit {

    /** How long to keep reading once everything looked complete, to catch a late duplicate. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * @param events                events the client wanted accepted
     * @param attempts              HTTP submissions made (retries included)
     * @param accepted              ids answered with 202
     * @param answered503           attempts answered 503 (Kafka unavailable: not accepted, retried)
     * @param answered429           attempts answered 429 (over a rate limit: not accepted, retried)
     * @param other5xx              attempts answered with any other 5xx
     * @param other4xx              attempts of valid feedback refused with a 4xx other than 429
     * @param unanswered            attempts without any answer (timeout, connection reset)
     * @param abandoned             events never accepted within the client's patience
     * @param lost                  accepted ids missing from the triaged topic
     * @param duplicatedTriaged     accepted ids on the triaged topic more than once
     * @param missingFromPriority   accepted ids on no priority topic
     * @param duplicatedPriority    accepted ids routed more than once to the priority topics (same or
     *                              several), escalation alerts apart
     * @param escalationAlerts      escalation alerts of recurring issues on the P1 topic (by design)
     * @param duplicatedAlerts      ids with more than one escalation alert
     * @param duplicatedRaw         ids of the release more than once on the raw topic
     * @param unacknowledgedPresent triaged ids of the release no 202 announced (an attempt answered
     *                              503 or not at all whose record still reached Kafka)
     * @param unknownPresent        triaged ids of the release whose clientId no attempt of this run used
     * @param triagedDistinct       distinct ids of the release on the triaged topic
     * @param kpiVolume             the latest {@code release|volume|all|period} value, -1 if absent
     * @param unacknowledged        the attempts behind {@code unacknowledgedPresent}, for when they happened
     */
    record Report(int events, int attempts, int accepted, long answered503, long answered429, long other5xx, long other4xx,
                  long unanswered, int abandoned, int lost, int duplicatedTriaged, int missingFromPriority,
                  int duplicatedPriority, int escalationAlerts, int duplicatedAlerts, int duplicatedRaw,
                  int unacknowledgedPresent, int unknownPresent, int triagedDistinct, long kpiVolume, List<FeedbackLoad.Attempt> unacknowledged) {

        String summary(String test) {
            return String.format("%s: events=%d attempts=%d accepted=%d lost=%d duplicated=%d "
                            + "unacknowledged-but-present=%d 503=%d 429=%d 5xx-other=%d 4xx=%d unanswered=%d abandoned=%d "
                            + "kpi-volume=%d triaged=%d escalation-alerts=%d",
                    test, events, attempts, accepted, lost,
                    duplicatedTriaged + duplicatedPriority + duplicatedRaw + duplicatedAlerts,
                    unacknowledgedPresent, answered503, answered429, other5xx, other4xx, unanswered, abandoned,
                    kpiVolume, triagedDistinct, escalationAlerts);
        }
    }

    private DeliveryAudit() {
    }

    /**
     * Reads until every accepted id is on the triaged and a priority topic, every raw record of the
     * release is triaged and the KPI counts them all, or until {@code timeout}; then reads a few
     * seconds more and counts. Never throws for missing records: the caller asserts on the report.
     */
    static Report audit(String bootstrapServers, FeedbackLoad.Result load, Duration timeout) {
        String release = load.settings().release();
        Map<String, FeedbackLoad.Attempt> accepted = load.acceptedById();
        Map<String, Integer> raw = new HashMap<>();
        Map<String, Integer> triaged = new HashMap<>();
        Map<String, String> triagedClientId = new HashMap<>();
        Map<String, Integer> onPriority = new HashMap<>();
        Map<String, Integer> alerts = new HashMap<>();
        long[] kpiVolume = {-1};
        String volumeKey = Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD);

        List<String> priorityTopics = new ArrayList<>();
        for (Priority priority : Priority.values()) {
            priorityTopics.add(Topics.forPriority(priority).name());
        }
        try (Tail rawTail = new Tail(bootstrapServers, List.of(Topics.FEEDBACK_RAW.name()));
             Tail triagedTail = new Tail(bootstrapServers, List.of(Topics.FEEDBACK_TRIAGED.name()));
             Tail priorityTail = new Tail(bootstrapServers, priorityTopics);
             Tail kpiTail = new Tail(bootstrapServers, List.of(Topics.KPIS.name()))) {
            Runnable pollAll = () -> {
                rawTail.poll(r -> {
                    RawFeedback value = decode(Topics.FEEDBACK_RAW, r.value());
                    if (value != null && release.equals(value.release())) {
                        raw.merge(value.feedbackId(), 1, Integer::sum);
                    }
                });
                triagedTail.poll(r -> {
                    TriagedFeedback value = decode(Topics.FEEDBACK_TRIAGED, r.value());
                    if (value != null && release.equals(value.feedback().release())) {
                        triaged.merge(value.feedbackId(), 1, Integer::sum);
                        triagedClientId.put(value.feedbackId(), value.feedback().clientId());
                    }
                });
                priorityTail.poll(r -> {
                    TriagedFeedback value = decode(Topics.FEEDBACK_TRIAGED, r.value());
                    if (value != null && release.equals(value.feedback().release())) {
                        if (isEscalationAlert(value)) {
                            alerts.merge(value.feedbackId(), 1, Integer::sum);
                        } else {
                            onPriority.merge(value.feedbackId(), 1, Integer::sum);
                        }
                    }
                });
                kpiTail.poll(r -> {
                    if (volumeKey.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                        Kpi value = decode(Topics.KPIS, r.value());
                        if (value != null) {
                            kpiVolume[0] = Math.round(value.value());
                        }
                    }
                });
            };
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                pollAll.run();
                boolean complete = triaged.keySet().containsAll(accepted.keySet())
                        && onPriority.keySet().containsAll(accepted.keySet())
                        && triaged.keySet().containsAll(raw.keySet())
                        && kpiVolume[0] == triaged.size();
                if (complete) {
                    break;
                }
            }
            Instant settled = Instant.now().plus(SETTLE);
            while (Instant.now().isBefore(settled)) {
                pollAll.run();
            }
        }

        Map<String, FeedbackLoad.Attempt> byClientId = load.byClientId();
        Set<String> acceptedIds = accepted.keySet();
        List<FeedbackLoad.Attempt> unacknowledged = new ArrayList<>();
        int unknown = 0;
        for (String id : triaged.keySet()) {
            if (!acceptedIds.contains(id)) {
                FeedbackLoad.Attempt attempt = byClientId.get(triagedClientId.get(id));
                if (attempt != null && !attempt.accepted()) {
                    unacknowledged.add(attempt);
                } else {
                    unknown++;
                }
            }
        }
        Set<String> missingFromPriority = new HashSet<>(acceptedIds);
        missingFromPriority.removeAll(onPriority.keySet());
        return new Report(
                load.settings().events(),
                load.attempts().size(),
                accepted.size(),
                load.count(503),
                load.count(429),
                load.count5xx() - load.count(503),
                load.attempts().stream().filter(a -> a.status() >= 400 && a.status() < 500 && a.status() != 429).count(),
                load.count(FeedbackLoad.Attempt.NO_ANSWER),
                load.abandoned(),
                (int) acceptedIds.stream().filter(id -> !triaged.containsKey(id)).count(),
                (int) acceptedIds.stream().filter(id -> triaged.getOrDefault(id, 0) > 1).count(),
                missingFromPriority.size(),
                (int) acceptedIds.stream().filter(id -> onPriority.getOrDefault(id, 0) > 1).count(),
                alerts.values().stream().mapToInt(Integer::intValue).sum(),
                (int) alerts.values().stream().filter(n -> n > 1).count(),
                (int) raw.values().stream().filter(n -> n > 1).count(),
                unacknowledged.size(),
                unknown,
                triaged.size(),
                kpiVolume[0],
                List.copyOf(unacknowledged));
    }

    /**
     * An alert on the P1 topic rather than an item's own routing, counted apart: a recurring issue's
     * escalation (by design a second record of the item that tipped its group over the threshold) or a
     * metrics-service volume-spike alert (no feedback id of its own; docs/conventions.md, "P1 alerts").
     */
    private static boolean isEscalationAlert(TriagedFeedback value) {
        if (value.decision() == null || value.decision().explanation() == null) {
            return false;
        }
        String decidedBy = value.decision().explanation().decidedBy();
        return decidedBy != null && (decidedBy.startsWith("escalation:") || decidedBy.startsWith("volume-spike:"));
    }

    private static <V> V decode(Topic<String, V> topic, byte[] bytes) {
        try {
            return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
        } catch (RuntimeException notOurs) {
            // Not a record of this run (e.g. a deliberately malformed one): it cannot be of the release.
            return null;
        }
    }

    /** A read_committed consumer over every partition of some topics, from the beginning. */
    private static final class Tail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        Tail(String bootstrapServers, List<String> topics) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-audit-" + UUID.randomUUID());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll(Consumer<ConsumerRecord<byte[], byte[]>> handler) {
            consumer.poll(Duration.ofMillis(100)).forEach(handler);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
