package dev.hypercare.triage.streams;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.priority.Assessment;
import dev.hypercare.triage.priority.ImpactUrgency;
import dev.hypercare.triage.priority.PriorityMatrix;
import dev.hypercare.triage.rules.Categorisation;
import dev.hypercare.triage.rules.RuleEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * The triage topology, built without CDI so tests drive the real thing with {@code TopologyTestDriver}.
 *
 * <pre>
 * hypercare.feedback.raw (bytes)
 *   -> parse-feedback ------------------------> parse-dead-letter -> dead-letter-sink (hypercare.deadletter)
 *   -> parse-ok -> key-by-feedback-id
 *   -> deduplicate-by-feedback-id [feedback-dedup-store]
 *   -> categorise -> assess-impact-urgency -> prioritise
 *   -> triaged-sink (hypercare.feedback.triaged)
 *   -> route-p1..p4 -> priority-p1-sink..priority-p4-sink (hypercare.feedback.priority.p1..p4)
 *   -> store-triaged [triaged-feedback-store]
 * </pre>
 *
 * Every processor, sink and store is named, so internal topic and store names survive refactoring.
 * Later steps (enrichment, classifier, issue grouping, escalation) slot in between the named steps.
 */
public final class TriageTopology {

    public static final String SOURCE = "feedback-raw-source";
    public static final String PARSE = "parse-feedback";
    public static final String PARSE_BRANCH_PREFIX = "parse-";
    public static final String DEAD_LETTER_BRANCH = "dead-letter";
    public static final String PARSED_BRANCH = "ok";
    public static final String DEAD_LETTER_BYTES = "dead-letter-original-bytes";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String UNWRAP_PARSED = "unwrap-parsed";
    public static final String KEY_BY_FEEDBACK_ID = "key-by-feedback-id";
    public static final String DEDUPLICATE = "deduplicate-by-feedback-id";
    public static final String DEDUP_STORE = "feedback-dedup-store";
    public static final String CATEGORISE = "categorise";
    public static final String ASSESS = "assess-impact-urgency";
    public static final String PRIORITISE = "prioritise";
    public static final String TRIAGED_SINK = "triaged-sink";
    public static final String ROUTE_PREFIX = "route-";
    public static final String STORE_TRIAGED = "store-triaged";
    public static final String TRIAGED_STORE = "triaged-feedback-store";

    private final RuleEngine rules;
    private final ImpactUrgency impactUrgency;
    private final PriorityMatrix matrix;
    private final Duration dedupWindow;

    public TriageTopology(RuleEngine rules, ImpactUrgency impactUrgency, PriorityMatrix matrix, Duration dedupWindow) {
        this.rules = rules;
        this.impactUrgency = impactUrgency;
        this.matrix = matrix;
        this.dedupWindow = dedupWindow;
    }

    public static String prioritySinkName(Priority priority) {
        return "priority-" + priority.name().toLowerCase() + "-sink";
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        // Retention and window size both equal the de-duplication window: an id is remembered for
        // exactly that long. No duplicates kept: one entry per id is all the check needs.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, dedupWindow, dedupWindow, false),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TRIAGED_STORE),
                Serdes.String(), Topics.FEEDBACK_TRIAGED.valueSerde()));

        // Read bytes, not RawFeedback: a deserialiser failure would happen before any processor and
        // could not send the original bytes to the dead-letter topic.
        KStream<byte[], ParseOutcome> parsed = builder
                .stream(Topics.FEEDBACK_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(ParseFeedbackProcessor::new, Named.as(PARSE));

        var branches = parsed.split(Named.as(PARSE_BRANCH_PREFIX))
                .branch((key, outcome) -> outcome instanceof ParseOutcome.Rejected, Branched.as(DEAD_LETTER_BRANCH))
                .defaultBranch(Branched.as(PARSED_BRANCH));

        branches.get(PARSE_BRANCH_PREFIX + DEAD_LETTER_BRANCH)
                .mapValues(outcome -> ((ParseOutcome.Rejected) outcome).originalValue(), Named.as(DEAD_LETTER_BYTES))
                .to(Topics.DEADLETTER.name(), Produced.with(Topics.DEADLETTER.keySerde(), Topics.DEADLETTER.valueSerde())
                        .withName(DEAD_LETTER_SINK));

        KStream<String, TriagedFeedback> triaged = branches.get(PARSE_BRANCH_PREFIX + PARSED_BRANCH)
                .mapValues(outcome -> ((ParseOutcome.Parsed) outcome).feedback(), Named.as(UNWRAP_PARSED))
                // The parse step checked key == feedbackId, so this only changes the key's type: same
                // partition, no repartition needed (downstream steps use processValues, which never adds one).
                .selectKey((key, feedback) -> feedback.feedbackId(), Named.as(KEY_BY_FEEDBACK_ID))
                .processValues(() -> new DeduplicateProcessor(DEDUP_STORE, dedupWindow), Named.as(DEDUPLICATE), DEDUP_STORE)
                .mapValues(feedback -> new Categorised(feedback, rules.categorise(feedback)), Named.as(CATEGORISE))
                .mapValues(c -> new Assessed(c.feedback(), c.categorisation(),
                        impactUrgency.assess(c.feedback(), c.categorisation())), Named.as(ASSESS))
                .processValues(PrioritiseProcessor::new, Named.as(PRIORITISE));

        triaged.to(Topics.FEEDBACK_TRIAGED.name(), produced(Topics.FEEDBACK_TRIAGED, TRIAGED_SINK));

        BranchedKStream<String, TriagedFeedback> routes = triaged.split(Named.as(ROUTE_PREFIX));
        for (Priority priority : Priority.values()) {
            Topic<String, TriagedFeedback> topic = Topics.forPriority(priority);
            routes = routes.branch((key, item) -> item.priority() == priority, Branched.<String, TriagedFeedback>withConsumer(
                    stream -> stream.to(topic.name(), produced(topic, prioritySinkName(priority))),
                    priority.name().toLowerCase()));
        }
        routes.noDefaultBranch();

        triaged.process(() -> new StoreTriagedProcessor(TRIAGED_STORE), Named.as(STORE_TRIAGED), TRIAGED_STORE);

        return builder.build();
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /** Feedback with its category and flags. */
    record Categorised(RawFeedback feedback, Categorisation categorisation) {
    }

    /** Feedback with its category, flags, impact and urgency. */
    record Assessed(RawFeedback feedback, Categorisation categorisation, Assessment assessment) {
    }

    /**
     * Looks up the priority in the matrix and assembles the explained decision. A processor rather than
     * mapValues because triagedAt is the record's (event) time, which keeps replays deterministic.
     */
    private final class PrioritiseProcessor implements FixedKeyProcessor<String, Assessed, TriagedFeedback> {

        private FixedKeyProcessorContext<String, TriagedFeedback> context;

        @Override
        public void init(FixedKeyProcessorContext<String, TriagedFeedback> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Assessed> record) {
            Assessed item = record.value();
            Categorisation c = item.categorisation();
            Assessment a = item.assessment();
            List<String> signals = new ArrayList<>(c.signals());
            signals.addAll(a.signals());
            TriageDecision decision = new TriageDecision(c.category(), c.flags(), a.impact(), a.urgency(),
                    matrix.priorityOf(a.impact(), a.urgency()), c.confidence(), c.needsReview(),
                    new TriageDecision.Explanation(c.decidedBy(), c.rulesVersion(), signals,
                            matrix.describe(a.impact(), a.urgency())));
            context.forward(record.withValue(TriagedFeedback.of(item.feedback(), decision, Instant.ofEpochMilli(record.timestamp()))));
        }
    }
}
