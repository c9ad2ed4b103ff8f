package dev.hypercare.triage.grouping;

import dev.hypercare.model.Priority;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.rules.LivePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Joins each triaged report (keyed {@code sourceApp|release} after the repartition) to its recurring-issue
 * group (see {@link IssueGrouping} for the rule), keeps the groups in the {@code issue-groups-store}
 * (key {@code sourceApp|release|issueId}, changelogged), emits every changed group for the compacted
 * {@code hypercare.issues} and, when a group escalates, one alert for the P1 topic.
 *
 * <p>The groups of the releases in use are also held in memory, so a report is compared with them without
 * reading and decoding the store each time; the cache is rebuilt from the store whenever the task is
 * (re)initialised, so the store stays the single source of truth.
 *
 * <p>Retirement: a group no report joined for twice the grouping horizon (stream time) can never be a candidate
 * again, so every {@link #RETIRE_EVERY} of stream time the groups last seen before that are deleted from the store
 * (and its changelog) and forgotten by the cached releases (their term statistics stay exact). Kept, they grew the
 * heap, the store and the restore with every group a busy release ever had (~5 KB each in memory: 40,000 groups
 * over a few weeks outgrow the service's heap). The compacted {@code hypercare.issues} keeps their last state.
 */
public final class IssueGroupingProcessor implements Processor<String, GroupingReport, String, GroupingOutcome> {

    private static final Logger LOG = Logger.getLogger(IssueGroupingProcessor.class);
    static final char SEPARATOR = '|';
    /** Releases whose groups stay in memory per task; older ones are read back from the store when needed. */
    private static final int CACHED_RELEASES = 64;
    /** Stream time between two retirements of groups outside twice the horizon. */
    static final Duration RETIRE_EVERY = Duration.ofHours(1);

    private final String storeName;
    private final LivePolicy policy;
    private final Duration horizon;
    private final int maxGroups;
    private final ReportTerms terms;
    private final TriageMetrics metrics;
    private ProcessorContext<String, GroupingOutcome> context;
    private KeyValueStore<String, IssueState> store;
    private Map<String, IssueGrouping> cache;

    public IssueGroupingProcessor(String storeName, LivePolicy policy, Duration horizon, int maxGroups, ReportTerms terms,
                                  TriageMetrics metrics) {
        this.metrics = metrics;
        this.terms = terms;
        this.storeName = storeName;
        this.policy = policy;
        this.horizon = horizon;
        this.maxGroups = maxGroups;
    }

    public static String releaseKey(String sourceApp, String release) {
        return sourceApp + SEPARATOR + release;
    }

    @Override
    public void init(ProcessorContext<String, GroupingOutcome> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IssueGrouping> eldest) {
                return size() > CACHED_RELEASES;
            }
        };
        context.schedule(RETIRE_EVERY, PunctuationType.STREAM_TIME, this::retire);
    }

    /** Deletes the groups last seen more than twice the horizon before {@code streamTime} (see the class comment). */
    private void retire(long streamTime) {
        long before = streamTime - 2 * horizon.toMillis();
        List<String> retired = new ArrayList<>();
        try (KeyValueIterator<String, IssueState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, IssueState> entry = it.next();
                if (entry.value.lastSeen().toEpochMilli() < before) {
                    retired.add(entry.key);
                }
            }
        }
        for (String key : retired) {
            store.delete(key);
            int cut = key.lastIndexOf(SEPARATOR);
            IssueGrouping cached = cache.get(key.substring(0, cut));
            if (cached != null) {
                // Forgotten in place: a reload from the store would rebuild the release's term statistics only
                // approximately (from the centroids), and change later decisions.
                cached.forget(key.substring(cut + 1));
            }
        }
        if (!retired.isEmpty()) {
            LOG.infof("Retired %d issue group(s) no report joined since %s (twice the grouping horizon %s)",
                    retired.size(), Instant.ofEpochMilli(before), horizon);
        }
    }

    @Override
    public void process(Record<String, GroupingReport> record) {
        GroupingReport item = record.value();
        String releaseKey = record.key();
        IssueGrouping grouping = cache.computeIfAbsent(releaseKey, this::load);
        String text = item.title() == null ? item.text() : item.title() + ". " + item.text();
        Instant time = Instant.ofEpochMilli(record.timestamp());
        IssueGrouping.Result result = grouping.add(item.feedbackId(), text, item.category(), item.priority(), time,
                policy.current().thresholds(), horizon, maxGroups);
        IssueState group = result.group();
        store.put(releaseKey + SEPARATOR + group.issueId(), group);
        // The group's record carries its last-seen time, not this report's: reports reach a group slightly out of
        // receive order (two ingest replicas, two threads), and the compacted issues topic is read as a table, whose
        // readers (the metrics-service) warn on every update older than the one before (1,242 warnings a minute at
        // 200 items/s). lastSeen only grows, so the group's records are in time order.
        long groupTime = Math.max(record.timestamp(), group.lastSeen().toEpochMilli());
        context.forward(record.withKey(group.issueId()).withValue(new GroupingOutcome.GroupUpdate(group.toIssueGroup()))
                .withTimestamp(groupTime));
        if (result.created()) {
            metrics.issueGroupCreated();
        }
        if (result.escalated()) {
            metrics.escalated(group.priority());
            LOG.infof("Issue %s (%s) escalated %s -> %s: %d reports, %d within the window", group.issueId(), releaseKey,
                    result.previousPriority(), group.priority(), group.count(), policy.current().thresholds().escalateAfter());
            context.forward(record.withKey(item.feedbackId())
                    .withValue(new GroupingOutcome.Alert(alert(item.item(), group, result.previousPriority()))));
        }
    }

    /**
     * The alert is the report that tipped the group over, re-issued with the group's new priority and the
     * escalation as its explanation: P1-topic consumers read it like any other triaged item.
     */
    private TriagedFeedback alert(TriagedFeedback item, IssueState group, Priority previous) {
        TriageDecision d = item.decision();
        var thresholds = policy.current().thresholds();
        List<String> signals = new ArrayList<>();
        signals.add("issue " + group.issueId() + ": " + thresholds.escalateAfter() + " similar reports within "
                + thresholds.escalationWindow() + " -> escalated " + previous + " -> " + group.priority()
                + " (escalation " + group.escalations() + ", " + group.count() + " reports in total)");
        signals.add("representative report: " + group.representativeText());
        signals.addAll(d.explanation().signals());
        TriageDecision escalated = new TriageDecision(d.category(), d.flags(), d.impact(), d.urgency(), group.priority(),
                d.confidence(), d.needsReview(), new TriageDecision.Explanation("escalation:" + group.issueId(),
                d.explanation().rulesVersion(), signals, d.explanation().matrixCell()),
                d.language(), d.sentiment(), group.issueId());
        return new TriagedFeedback(item.schemaVersion(), item.feedbackId(), group.priority(), item.triagedAt(), item.feedback(), escalated);
    }

    private IssueGrouping load(String releaseKey) {
        List<IssueState> groups = new ArrayList<>();
        try (KeyValueIterator<String, IssueState> it = store.prefixScan(releaseKey + SEPARATOR, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, IssueState> entry = it.next();
                groups.add(entry.value);
            }
        }
        int cut = releaseKey.indexOf(SEPARATOR);
        return new IssueGrouping(releaseKey.substring(0, cut), releaseKey.substring(cut + 1), groups, terms);
    }
}
