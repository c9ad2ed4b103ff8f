package dev.hypercare.kafka;

import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.SlaEvent;
import dev.hypercare.model.TriagedFeedback;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of Hypercare's topics. No topic name is written anywhere else in the code:
 * services read and write through these constants, create missing topics from {@link #ALL} at
 * start, and the deployment files are checked against it.
 *
 * <p>Feedback and lifecycle records are keyed by feedback id, so an item's whole history lives in
 * one partition and is processed in order; partitions are the unit of parallelism of every service.
 */
public final class Topics {

    /** The hypercare period is weeks; raw input is kept for a quarter so it can be replayed. */
    private static final Duration HYPERCARE_RETENTION = Duration.ofDays(90);
    private static final Duration ALERT_RETENTION = Duration.ofDays(30);
    private static final int FEEDBACK_PARTITIONS = 6;

    public static final Topic<String, RawFeedback> FEEDBACK_RAW = new Topic<>(
            "hypercare.feedback.raw", Serdes.String(), new JsonSerde<>(RawFeedback.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.DELETE, HYPERCARE_RETENTION,
            "Feedback as accepted by the ingest-service, keyed by feedback id.");

    public static final Topic<String, LifecycleEvent> FEEDBACK_LIFECYCLE = new Topic<>(
            "hypercare.feedback.lifecycle", Serdes.String(), new JsonSerde<>(LifecycleEvent.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.DELETE, HYPERCARE_RETENTION,
            "Acknowledged, responded, resolved, reopened and rated events, keyed by feedback id.");

    public static final Topic<String, TriagedFeedback> FEEDBACK_TRIAGED = new Topic<>(
            "hypercare.feedback.triaged", Serdes.String(), new JsonSerde<>(TriagedFeedback.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.DELETE, HYPERCARE_RETENTION,
            "Every triaged item with its decision and explanation, keyed by feedback id.");

    public static final Topic<String, TriagedFeedback> PRIORITY_P1 = priorityTopic(Priority.P1);
    public static final Topic<String, TriagedFeedback> PRIORITY_P2 = priorityTopic(Priority.P2);
    public static final Topic<String, TriagedFeedback> PRIORITY_P3 = priorityTopic(Priority.P3);
    public static final Topic<String, TriagedFeedback> PRIORITY_P4 = priorityTopic(Priority.P4);

    public static final Topic<String, IssueGroup> ISSUES = new Topic<>(
            "hypercare.issues", Serdes.String(), new JsonSerde<>(IssueGroup.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.COMPACT, null,
            "Latest state of every recurring-issue group, keyed by issue-group id.");

    public static final Topic<byte[], byte[]> DEADLETTER = new Topic<>(
            "hypercare.deadletter", Serdes.ByteArray(), Serdes.ByteArray(),
            1, Topic.Cleanup.DELETE, ALERT_RETENTION,
            "Records no service could process, byte for byte, with the reason in hypercare.dlq.* headers.");

    public static final Topic<String, Kpi> KPIS = new Topic<>(
            "hypercare.kpis", Serdes.String(), new JsonSerde<>(Kpi.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.COMPACT, null,
            "Latest value of every KPI, keyed release|kpi|dimension|window.");

    public static final Topic<String, SlaEvent> SLA_BREACHES = new Topic<>(
            "hypercare.sla.breaches", Serdes.String(), new JsonSerde<>(SlaEvent.class),
            FEEDBACK_PARTITIONS, Topic.Cleanup.DELETE, ALERT_RETENTION,
            "SLA warnings and breaches, keyed by feedback id.");

    /**
     * Rules and SLA policy, edited live by ops; one partition so that every instance reads the
     * versions in one order. The value's schema belongs to the triage-service.
     */
    public static final Topic<String, JsonNode> TRIAGE_RULES = new Topic<>(
            "hypercare.triage.rules", Serdes.String(), new JsonSerde<>(JsonNode.class),
            1, Topic.Cleanup.COMPACT, null,
            "Triage rules, priority matrix and SLA policy, keyed by document name.");

    public static final List<Topic<?, ?>> ALL = List.of(
            FEEDBACK_RAW, FEEDBACK_LIFECYCLE, FEEDBACK_TRIAGED,
            PRIORITY_P1, PRIORITY_P2, PRIORITY_P3, PRIORITY_P4,
            ISSUES, DEADLETTER, KPIS, SLA_BREACHES, TRIAGE_RULES);

    private static final Map<Priority, Topic<String, TriagedFeedback>> BY_PRIORITY = Map.of(
            Priority.P1, PRIORITY_P1, Priority.P2, PRIORITY_P2, Priority.P3, PRIORITY_P3, Priority.P4, PRIORITY_P4);

    private Topics() {
    }

    /** The topic where ops teams read items of this priority. */
    public static Topic<String, TriagedFeedback> forPriority(Priority priority) {
        return BY_PRIORITY.get(priority);
    }

    public static Optional<Topic<?, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static Topic<String, TriagedFeedback> priorityTopic(Priority priority) {
        return new Topic<>(
                "hypercare.feedback.priority." + priority.name().toLowerCase(), Serdes.String(),
                new JsonSerde<>(TriagedFeedback.class),
                FEEDBACK_PARTITIONS, Topic.Cleanup.DELETE, ALERT_RETENTION,
                "Triaged items of priority " + priority + ", for the team that handles them.");
    }
}
