package dev.hypercare.metrics.issues;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.jboss.logging.Logger;

/**
 * Recurring issues, from the triage-service's compacted {@code hypercare.issues}. The rule: an issue
 * group is recurring once it holds at least {@value #MIN_REPORTS} reports; {@code R|recurring-issues|all|period}
 * counts the release's recurring groups. The table's store also answers "top issues of a release"
 * (by report count) for the API and the dashboard.
 */
public final class RecurringIssues {

    public static final int MIN_REPORTS = 2;
    public static final String KPI = "recurring-issues";
    public static final String COUNT_STORE = "recurring-issue-count-store";
    public static final String TOP_STORE = "top-issues-store";

    private static final Logger LOG = Logger.getLogger(RecurringIssues.class);
    private static final JsonSerde<TopIssues> TOP_SERDE = new JsonSerde<>(TopIssues.class);

    private RecurringIssues() {
    }

    /**
     * @param topStore the store of each release's top groups ({@code R|top-issues|all|period}); null: not published
     */
    public static void publish(StreamsBuilder builder, KeyValueBytesStoreSupplier issuesStore,
                               KeyValueBytesStoreSupplier countStore, KeyValueBytesStoreSupplier topStore) {
        var issues = Topics.ISSUES;
        var kpis = Topics.KPIS;
        KTable<String, IssueGroup> groups = builder.table(issues.name(),
                Consumed.with(issues.keySerde(), issues.valueSerde()).withName("issues-source"),
                Materialized.<String, IssueGroup>as(issuesStore)
                        .withKeySerde(Serdes.String()).withValueSerde(issues.valueSerde()));
        groups
                .filter((id, group) -> usable(group), Named.as("issues-with-release"))
                // The table's groupBy sends the old value to the subtractor and the new one to the
                // adder, so a group that grows past the threshold moves the count exactly once.
                .groupBy((id, group) -> KeyValue.pair(group.release(), group),
                        Grouped.with("issues-by-release", Serdes.String(), issues.valueSerde()))
                .aggregate(() -> 0L,
                        (release, group, count) -> count + (recurring(group) ? 1 : 0),
                        (release, group, count) -> count - (recurring(group) ? 1 : 0),
                        Named.as("recurring-issue-counts"),
                        Materialized.<String, Long>as(countStore)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("recurring-issue-changes"))
                .filter((release, count) -> count != null, Named.as("recurring-issue-counted"))
                .map((release, count) -> KeyValue.pair(Kpi.key(release, KPI, "all", Kpi.WHOLE_PERIOD),
                        Kpi.of(release, KPI, "all", Kpi.WHOLE_PERIOD, count, count, "count", Instant.now())),
                        Named.as("recurring-issue-kpis"))
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("recurring-issues-sink"));
        if (topStore != null) {
            groups
                    .filter((id, group) -> usable(group) && recurring(group), Named.as("top-issue-candidates"))
                    .groupBy((id, group) -> KeyValue.pair(group.release(), group),
                            Grouped.with("top-issues-by-release", Serdes.String(), issues.valueSerde()))
                    .aggregate(TopIssues::empty,
                            (release, group, top) -> top.plus(group),
                            (release, group, top) -> top.minus(group),
                            Named.as("top-issues"),
                            Materialized.<String, TopIssues>as(topStore)
                                    .withKeySerde(Serdes.String()).withValueSerde(TOP_SERDE))
                    .toStream(Named.as("top-issue-changes"))
                    .filter((release, top) -> top != null, Named.as("top-issues-known"))
                    .map((release, top) -> KeyValue.pair(Kpi.key(release, TopIssues.KPI, "all", Kpi.WHOLE_PERIOD),
                            top.toKpi(release, Instant.now())), Named.as("top-issue-kpis"))
                    .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("top-issue-kpis-sink"));
        }
    }

    /** Without the top-issues KPI (the shape before it). */
    public static void publish(StreamsBuilder builder, KeyValueBytesStoreSupplier issuesStore,
                               KeyValueBytesStoreSupplier countStore) {
        publish(builder, issuesStore, countStore, null);
    }

    /**
     * A group with a release that keeps the topic's contract ({@link IssueGroup#invalidFields}); one that breaks it is
     * left out of the KPIs, with a warning: the topic is the triage-service's, so another producer wrote it.
     */
    static boolean usable(IssueGroup group) {
        if (group == null || group.release() == null) {
            return false;
        }
        List<String> invalid = group.invalidFields();
        if (!invalid.isEmpty()) {
            // At most one line a minute: each record passes two filters, with its old and new value, and one producer
            // writing such groups in a loop must not flood the log.
            long now = System.currentTimeMillis();
            long last = LAST_WARNED.get();
            if (now - last >= 60_000 && LAST_WARNED.compareAndSet(last, now)) {
                LOG.warnf("Issue group left out of the recurring-issue KPIs: %s break the issues topic's contract"
                        + " (further ones are left out silently for a minute)", invalid);
            }
            return false;
        }
        return true;
    }

    private static final AtomicLong LAST_WARNED = new AtomicLong(-60_000);

    public static boolean recurring(IssueGroup group) {
        return group != null && group.count() >= MIN_REPORTS;
    }
}
