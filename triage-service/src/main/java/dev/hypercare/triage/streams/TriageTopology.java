package dev.hypercare.triage.streams;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.enrich.Enrichment;
import dev.hypercare.triage.grouping.GroupingOutcome;
import dev.hypercare.triage.grouping.GroupingReport;
import dev.hypercare.triage.grouping.IssueGroupingProcessor;
import dev.hypercare.triage.grouping.ReportTerms;
import dev.hypercare.triage.grouping.IssueStateSerde;
import dev.hypercare.triage.priority.Assessment;
import dev.hypercare.triage.priority.PriorityMatrix;
import dev.hypercare.triage.rules.Categorisation;
import dev.hypercare.triage.rules.Categoriser;
import dev.hypercare.triage.rules.LivePolicy;
import dev.hypercare.triage.rules.RuleEngine;
import dev.hypercare.triage.rules.RulesDocumentProcessor;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * The triage topology, built without CDI so tests drive the real thing with {@code TopologyTestDriver}.
 *
 * <pre>
 * hypercare.triage.rules -> apply-rules-document-source -> apply-rules-document [triage-rules-store] (global: every instance)
 *
 * hypercare.feedback.raw (bytes)
 *   -> parse-feedback ------------------------> parse-dead-letter -> dead-letter-sink (hypercare.deadletter)
 *   -> parse-ok -> key-by-feedback-id
 *   -> deduplicate-by-feedback-id [triaged-feedback-window-store: seen ids are the triaged items of the window]
 *   -> enrich (language, sentiment) -> categorise (rules, then classifier) -> assess-impact-urgency -> prioritise
 *   -> triaged-sink (hypercare.feedback.triaged)
 *   -> route-p1..p4 -> priority-p1-sink..priority-p4-sink (hypercare.feedback.priority.p1..p4)
 *   -> store-triaged [triaged-feedback-window-store]
 *   -> groupable -> key-by-app-release -> grouping-report -> (issue-grouping repartition)
 *        -> group-recurring-issues [issue-groups-store]
 *        -> grouping-issue-update -> issues-sink (hypercare.issues)
 *        -> grouping-escalation-alert -> escalation-alert-sink (hypercare.feedback.priority.p1)
 * </pre>
 *
 * The policy (rules, matrix, thresholds) is read once per record from {@link LivePolicy}, which the global
 * rules store keeps current, so a new rules version applies from the next record on, without a restart, and
 * every step of one record uses the same version. Triaged items are written before grouping: a P1 never
 * waits for the repartition; an escalation follows as its own alert. Every processor, sink and store is
 * named, so internal topic and store names survive refactoring.
 */
public final class TriageTopology {

    /**
     * The global rules store's processor. {@code addGlobalStore} takes one name, {@code Consumed.withName}, and gives it to
     * the processor, naming the source after it ({@link #RULES_SOURCE}).
     */
    public static final String RULES_PROCESSOR = "apply-rules-document";
    public static final String RULES_SOURCE = RULES_PROCESSOR + "-source";
    public static final String RULES_STORE = "triage-rules-store";
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
    public static final String ENRICH = "enrich";
    public static final String CATEGORISE = "categorise";
    public static final String ASSESS = "assess-impact-urgency";
    public static final String PRIORITISE = "prioritise";
    public static final String TRIAGED_SINK = "triaged-sink";
    public static final String ROUTE_PREFIX = "route-";
    public static final String STORE_TRIAGED = "store-triaged";
    /**
     * The triaged items of the last de-duplication window, by feedback id and triage (event) time: a window store, so
     * Kafka Streams drops them by segment once they are older than the window. Until session 7 a key-value store
     * ({@value #UNBOUNDED_TRIAGED_STORE}) kept every item forever; the store has a new name because a window store
     * cannot be restored from that store's changelog (its keys carry no time).
     */
    public static final String TRIAGED_STORE = "triaged-feedback-window-store";
    /** The key-value store (and changelog) of earlier versions, no longer used: see docs/triage.md on the upgrade. */
    public static final String UNBOUNDED_TRIAGED_STORE = "triaged-feedback-store";
    public static final String GROUPABLE = "groupable";
    public static final String KEY_BY_APP_RELEASE = "key-by-app-release";
    /** The repartition topic is {@code <application.id>-issue-grouping-repartition}. */
    public static final String GROUPING_REPARTITION = "issue-grouping";
    public static final String GROUPING_REPORT = "grouping-report";
    public static final String GROUP_ISSUES = "group-recurring-issues";
    public static final String ISSUE_STORE = "issue-groups-store";
    public static final String GROUPING_BRANCH_PREFIX = "grouping-";
    public static final String ISSUES_SINK = "issues-sink";
    public static final String ALERT_SINK = "escalation-alert-sink";

    /** Categories whose reports are grouped: the actionable ones (praise and noise do not make an issue). */
    public static final Set<Category> GROUPED_CATEGORIES = EnumSet.of(Category.BUG, Category.FEATURE_REQUEST, Category.QUESTION);

    /**
     * @param dedupWindow         how long a feedback id is remembered for de-duplication
     * @param groupingHorizon     a group idle for longer no longer attracts new reports
     * @param maxGroupsPerRelease most recent groups compared with a new report
     * @param outputSuffix        appended to every output topic's registry name ("" for the live topics; a replay
     *                            may write to e.g. {@code hypercare.feedback.triaged.replay-march})
     * @param liveRules           whether documents on the rules topic replace the policy (a replay with a rules
     *                            file of its own turns this off, so the live document does not override it)
     * @param groupingTerms       which terms of a report the grouping compares (character 4-5-grams by default)
     * @param groupingSuffix      appended to the issues and escalation-alert topics instead (null: {@code outputSuffix});
     *                            a replay into the live topics keeps its own groups and alerts apart
     */
    public record Settings(Duration dedupWindow, Duration groupingHorizon, int maxGroupsPerRelease, String outputSuffix,
                           boolean liveRules, ReportTerms groupingTerms, String groupingSuffix) {

        public Settings(Duration dedupWindow, Duration groupingHorizon, int maxGroupsPerRelease) {
            this(dedupWindow, groupingHorizon, maxGroupsPerRelease, "", true);
        }

        public Settings(Duration dedupWindow, Duration groupingHorizon, int maxGroupsPerRelease, String outputSuffix,
                        boolean liveRules) {
            this(dedupWindow, groupingHorizon, maxGroupsPerRelease, outputSuffix, liveRules, ReportTerms.CHAR_NGRAMS);
        }

        public Settings(Duration dedupWindow, Duration groupingHorizon, int maxGroupsPerRelease, String outputSuffix,
                        boolean liveRules, ReportTerms groupingTerms) {
            this(dedupWindow, groupingHorizon, maxGroupsPerRelease, outputSuffix, liveRules, groupingTerms, null);
        }

        public Settings {
            outputSuffix = outputSuffix == null ? "" : outputSuffix;
            groupingTerms = groupingTerms == null ? ReportTerms.CHAR_NGRAMS : groupingTerms;
            groupingSuffix = groupingSuffix == null ? outputSuffix : groupingSuffix;
        }
    }

    /** The topics the issue grouping writes (groups, escalation alerts), under their (possibly suffixed) names. */
    public static List<Topic<?, ?>> groupingTopics(String suffix) {
        return List.of(renamed(Topics.ISSUES, suffix), renamed(Topics.PRIORITY_P1, suffix));
    }

    /** The output topics this topology writes, under their (possibly suffixed) names. */
    public static List<Topic<?, ?>> outputTopics(String suffix) {
        List<Topic<?, ?>> outputs = new ArrayList<>();
        for (Topic<?, ?> t : List.<Topic<?, ?>>of(Topics.FEEDBACK_TRIAGED, Topics.PRIORITY_P1, Topics.PRIORITY_P2,
                Topics.PRIORITY_P3, Topics.PRIORITY_P4, Topics.ISSUES, Topics.DEADLETTER)) {
            outputs.add(renamed(t, suffix));
        }
        return outputs;
    }

    private static <K, V> Topic<K, V> renamed(Topic<K, V> t, String suffix) {
        return suffix.isEmpty() ? t : new Topic<>(t.name() + suffix, t.keySerde(), t.valueSerde(), t.partitions(), t.cleanup(),
                t.retention(), t.description() + " (replay output)");
    }

    private String out(Topic<?, ?> topic) {
        return topic.name() + settings.outputSuffix();
    }

    private final LivePolicy policy;
    private final Supplier<Enricher> enricher;
    private final Supplier<Categoriser> categoriser;
    private final Settings settings;
    private final TriageMetrics metrics;

    public TriageTopology(LivePolicy policy, Enricher enricher, Categoriser categoriser, Settings settings, TriageMetrics metrics) {
        this(policy, () -> enricher, () -> categoriser, settings, metrics);
    }

    /**
     * @param enricher    asked for the enricher at each record: the service's models may still be loading while
     *                    Kafka Streams starts (see {@code TriageModels}); a record waits for them
     * @param categoriser likewise, for the categoriser and its classifier
     */
    public TriageTopology(LivePolicy policy, Supplier<Enricher> enricher, Supplier<Categoriser> categoriser, Settings settings,
                          TriageMetrics metrics) {
        this.policy = policy;
        this.enricher = enricher;
        this.categoriser = categoriser;
        this.settings = settings;
        this.metrics = metrics;
    }

    public static String prioritySinkName(Priority priority) {
        return "priority-" + priority.name().toLowerCase() + "-sink";
    }

    public Topology build() {
        return build(false);
    }

    /**
     * @param inMemoryStores in-memory instead of RocksDB stores, for {@code TriageCpuPerRecordBench} only:
     *                       {@code TopologyTestDriver} commits (so flushes RocksDB to a new file) after every
     *                       record, which would swamp the processing it measures
     */
    Topology build(boolean inMemoryStores) {
        StreamsBuilder builder = new StreamsBuilder();
        // One triaged item is written to the triaged topic, its priority topic, the triaged store and the
        // grouping repartition: as JSON once, not four times (all use the same JSON form of TriagedFeedback).
        SameValueSerde<TriagedFeedback> triagedValues = new SameValueSerde<>(Topics.FEEDBACK_TRIAGED.valueSerde());
        Duration dedupWindow = settings.dedupWindow();
        // Retention = the de-duplication window: an item is remembered (for de-dup and queries) for at least the window of
        // stream time after its triage time, and dropped with its segment (at most half a window later: Kafka Streams'
        // default segment interval is half the retention). No duplicates: an id triaged again after the window replaces
        // nothing, it is a second entry at its own time, and the query answers the latest.
        // (The CPU bench's in-memory variant is a key-value store: see TriagedItems.)
        builder.addStateStore(inMemoryStores
                ? Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TRIAGED_STORE), Serdes.String(), triagedValues)
                : Stores.windowStoreBuilder(Stores.persistentWindowStore(TRIAGED_STORE, dedupWindow, dedupWindow, false),
                        Serdes.String(), triagedValues));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                inMemoryStores ? Stores.inMemoryKeyValueStore(ISSUE_STORE) : Stores.persistentKeyValueStore(ISSUE_STORE),
                // Compact binary state (IssueStateSerde): the group is written on every report that joins it.
                Serdes.String(), new IssueStateSerde())
                // A busy group is updated many times per commit interval: with the record cache only its last state
                // per commit goes to RocksDB and the changelog. Updates are forwarded by the processor itself, so the
                // cache delays nothing that is published.
                .withCachingEnabled());

        // The rules topic is its own changelog (global stores are never logged). Values are read as bytes:
        // a document that is not even JSON must be rejected by the processor, not crash the global thread.
        if (settings.liveRules()) {
            builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE),
                            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                    Topics.TRIAGE_RULES.name(),
                    Consumed.with(Topics.TRIAGE_RULES.keySerde(), Serdes.ByteArray()).withName(RULES_PROCESSOR),
                    () -> new RulesDocumentProcessor(RULES_STORE, policy, metrics));
        }

        // Read bytes, not RawFeedback: a deserialiser failure would happen before any processor and
        // could not send the original bytes to the dead-letter topic.
        KStream<byte[], ParseOutcome> parsed = builder
                .stream(Topics.FEEDBACK_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(() -> new ParseFeedbackProcessor(metrics), Named.as(PARSE));

        var branches = parsed.split(Named.as(PARSE_BRANCH_PREFIX))
                .branch((key, outcome) -> outcome instanceof ParseOutcome.Rejected, Branched.as(DEAD_LETTER_BRANCH))
                .defaultBranch(Branched.as(PARSED_BRANCH));

        branches.get(PARSE_BRANCH_PREFIX + DEAD_LETTER_BRANCH)
                .mapValues(outcome -> ((ParseOutcome.Rejected) outcome).originalValue(), Named.as(DEAD_LETTER_BYTES))
                .to(out(Topics.DEADLETTER), Produced.with(Topics.DEADLETTER.keySerde(), Topics.DEADLETTER.valueSerde())
                        .withName(DEAD_LETTER_SINK));

        KStream<String, TriagedFeedback> triaged = branches.get(PARSE_BRANCH_PREFIX + PARSED_BRANCH)
                .mapValues(outcome -> ((ParseOutcome.Parsed) outcome).feedback(), Named.as(UNWRAP_PARSED))
                // The parse step checked key == feedbackId, so this only changes the key's type: same
                // partition, no repartition needed (downstream steps use processValues, which never adds one).
                .selectKey((key, feedback) -> feedback.feedbackId(), Named.as(KEY_BY_FEEDBACK_ID))
                // The triaged store is also the de-duplication memory: every item that passes is put there by
                // store-triaged below, in the same processing of the record (see DeduplicateProcessor).
                .processValues(() -> new DeduplicateProcessor(TRIAGED_STORE, dedupWindow, metrics), Named.as(DEDUPLICATE),
                        TRIAGED_STORE)
                .mapValues(feedback -> new Enriched(feedback, enricher.get().enrich(feedback)), Named.as(ENRICH))
                .mapValues(e -> {
                    // One read of the live policy per record: all later steps use this same version.
                    TriagePolicy current = policy.current();
                    return new Categorised(current, e.feedback(), e.enrichment(), categoriser.get().categorise(current, e.feedback()));
                }, Named.as(CATEGORISE))
                .mapValues(c -> new Assessed(c, c.policy().impactUrgency().assess(c.feedback(), c.categorisation(),
                        c.enrichment().sentiment())), Named.as(ASSESS))
                .processValues(PrioritiseProcessor::new, Named.as(PRIORITISE));

        triaged.to(out(Topics.FEEDBACK_TRIAGED), Produced.with(Topics.FEEDBACK_TRIAGED.keySerde(), triagedValues).withName(TRIAGED_SINK));

        BranchedKStream<String, TriagedFeedback> routes = triaged.split(Named.as(ROUTE_PREFIX));
        for (Priority priority : Priority.values()) {
            Topic<String, TriagedFeedback> topic = Topics.forPriority(priority);
            routes = routes.branch((key, item) -> item.priority() == priority, Branched.<String, TriagedFeedback>withConsumer(
                    stream -> stream.to(out(topic), Produced.with(topic.keySerde(), triagedValues).withName(prioritySinkName(priority))),
                    priority.name().toLowerCase()));
        }
        routes.noDefaultBranch();

        triaged.process(() -> new StoreTriagedProcessor(TRIAGED_STORE), Named.as(STORE_TRIAGED), TRIAGED_STORE);

        buildIssueGrouping(triaged, triagedValues);
        return builder.build();
    }

    /**
     * Recurring issues need all reports of one app and release in one task: the only repartition of the
     * topology, and only for the actionable categories.
     */
    private void buildIssueGrouping(KStream<String, TriagedFeedback> triaged, SameValueSerde<TriagedFeedback> triagedValues) {
        var outcomes = triaged
                .filter((key, item) -> GROUPED_CATEGORIES.contains(item.decision().category()), Named.as(GROUPABLE))
                .selectKey((key, item) -> IssueGroupingProcessor.releaseKey(item.feedback().sourceApp(), item.feedback().release()),
                        Named.as(KEY_BY_APP_RELEASE))
                // What grouping reads up front, the triaged JSON behind it (parsed only for an alert): GroupingReport.
                .mapValues(GroupingReport::of, Named.as(GROUPING_REPORT))
                .repartition(Repartitioned.with(Serdes.String(), GroupingReport.serde(triagedValues)).withName(GROUPING_REPARTITION))
                .process(() -> new IssueGroupingProcessor(ISSUE_STORE, policy, settings.groupingHorizon(),
                        settings.maxGroupsPerRelease(), settings.groupingTerms(), metrics), Named.as(GROUP_ISSUES), ISSUE_STORE)
                .split(Named.as(GROUPING_BRANCH_PREFIX));
        outcomes.branch((key, outcome) -> outcome instanceof GroupingOutcome.GroupUpdate, Branched.withConsumer(
                stream -> stream.mapValues(outcome -> ((GroupingOutcome.GroupUpdate) outcome).group(), Named.as("unwrap-issue-update"))
                        .to(Topics.ISSUES.name() + settings.groupingSuffix(), produced(Topics.ISSUES, ISSUES_SINK)), "issue-update"));
        outcomes.branch((key, outcome) -> outcome instanceof GroupingOutcome.Alert, Branched.withConsumer(
                stream -> stream.mapValues(outcome -> ((GroupingOutcome.Alert) outcome).alert(), Named.as("unwrap-escalation-alert"))
                        .to(Topics.PRIORITY_P1.name() + settings.groupingSuffix(), produced(Topics.PRIORITY_P1, ALERT_SINK)),
                "escalation-alert"));
        outcomes.noDefaultBranch();
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /** Feedback with its language and sentiment. */
    record Enriched(RawFeedback feedback, Enrichment enrichment) {
    }

    /** Feedback with its category and flags, and the policy version that decided them. */
    record Categorised(TriagePolicy policy, RawFeedback feedback, Enrichment enrichment, Categorisation categorisation) {
    }

    /** Feedback with its category, flags, impact and urgency. */
    record Assessed(Categorised categorised, Assessment assessment) {
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
            Categorised item = record.value().categorised();
            Categorisation c = item.categorisation();
            Assessment a = record.value().assessment();
            PriorityMatrix matrix = item.policy().matrix();
            List<String> signals = new ArrayList<>(c.signals().size() + a.signals().size() + item.enrichment().signals().size());
            signals.addAll(c.signals());
            signals.addAll(item.enrichment().signals());
            signals.addAll(a.signals());
            Priority priority = matrix.priorityOf(a.impact(), a.urgency());
            TriageDecision decision = new TriageDecision(c.category(), c.flags(), a.impact(), a.urgency(),
                    priority, c.confidence(), c.needsReview(),
                    new TriageDecision.Explanation(c.decidedBy(), c.rulesVersion(), signals, matrix.describe(a.impact(), a.urgency())),
                    item.enrichment().language(), item.enrichment().sentiment(), null);
            metrics.decided(c.category(), priority, c.decidedBy());
            if (c.signals().stream().anyMatch(signal -> signal.startsWith(RuleEngine.GAVE_UP_SIGNAL))) {
                metrics.patternGaveUp();
            }
            context.forward(record.withValue(TriagedFeedback.of(item.feedback(), decision, Instant.ofEpochMilli(record.timestamp()))));
        }
    }
}
