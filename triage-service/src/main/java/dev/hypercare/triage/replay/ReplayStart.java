package dev.hypercare.triage.replay;

import dev.hypercare.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jboss.logging.Logger;

/**
 * Positions a replay's consumer group at a point in time of {@code hypercare.feedback.raw}, before its streams
 * start.
 *
 * <p>Rule: a replay runs under its own application id (own consumer group, own state, own internal topics), so
 * the live {@code hypercare-triage} is never touched; this refuses to run under the live id. The offsets are
 * set only when the group has none yet: a replay that is stopped and started again goes on where it was,
 * instead of starting over. A partition with no record at or after the time starts at its end.
 */
public final class ReplayStart {

    private static final Logger LOG = Logger.getLogger(ReplayStart.class);

    private ReplayStart() {
    }

    public static void seek(Admin admin, String applicationId, String liveApplicationId, Instant from, Duration timeout) {
        seek(admin, Topics.FEEDBACK_RAW.name(), applicationId, liveApplicationId, from, timeout);
    }

    /** @param topic the replay's source topic (the raw topic; tests use their own) */
    static void seek(Admin admin, String topic, String applicationId, String liveApplicationId, Instant from, Duration timeout) {
        if (applicationId.equals(liveApplicationId)) {
            throw new IllegalStateException("Refusing to replay under the live application id " + liveApplicationId
                    + ": give the replay its own (quarkus.kafka-streams.application-id)");
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (committed != null && !committed.isEmpty()) {
                LOG.infof("Replay %s already has committed offsets: it continues where it stopped", applicationId);
                return;
            }
            Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
            Map<TopicPartition, OffsetSpec> atEnd = new HashMap<>();
            for (TopicPartitionInfo p : admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions()) {
                atTime.put(new TopicPartition(topic, p.partition()), OffsetSpec.forTimestamp(from.toEpochMilli()));
                atEnd.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> byTime = admin.listOffsets(atTime).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(atEnd).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            byTime.forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(
                    info.offset() >= 0 ? info.offset() : ends.get(tp).offset(), "replay from " + from)));
            admin.alterConsumerGroupOffsets(applicationId, start).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Replay %s starts at %s: %s", applicationId, from, start);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot position replay " + applicationId + " at " + from + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while positioning replay " + applicationId, e);
        }
    }
}
