package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.rated;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.kpi.KpiSettings;
import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.SlaEvent;
import dev.hypercare.model.TriagedFeedback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * The real topology, driven with explicit record timestamps, the record cache off, and the wall
 * clock under the test's control ({@code advanceWallClockTime}) for SLA and readiness punctuation.
 */
class MetricsTopologyTest {

    private static final String RELEASE = "2.0";
    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    /** The stream thread's clock at start: a minute after the first item arrived. */
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-01T09:01:00Z");
    private static final String HOUR_9 = "hour:2025-03-01T09:00:00Z";
    private static final String DAY_1 = "day:2025-03-01";

    // Under target/ rather than the OS temp dir, which Kafka Streams warns may be cleared under it.
    @TempDir(factory = TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, TriagedFeedback> triaged;
    private TestInputTopic<String, LifecycleEvent> lifecycle;
    private TestInputTopic<String, IssueGroup> issues;
    private TestOutputTopic<String, Kpi> kpis;
    private TestOutputTopic<String, SlaEvent> sla;
    /** Every KPI record read so far, latest per key (null: tombstoned). */
    private final Map<String, Kpi> latest = new HashMap<>();

    @BeforeEach
    void startDriver() {
        startDriver(MetricsSettings.defaults().withInMemoryStores());
    }

    private void startDriver(MetricsSettings settings) {
        Properties props = DriverTopics.config("hypercare-metrics-test", stateDir);
        // Cache off: every update of a KPI is forwarded at once, so each one can be asserted.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(MetricsTopology.build(settings, event -> { }), props, WALL_CLOCK);
        triaged = DriverTopics.input(driver, Topics.FEEDBACK_TRIAGED);
        lifecycle = DriverTopics.input(driver, Topics.FEEDBACK_LIFECYCLE);
        issues = DriverTopics.input(driver, Topics.ISSUES);
        kpis = DriverTopics.output(driver, Topics.KPIS);
        sla = DriverTopics.output(driver, Topics.SLA_BREACHES);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- volume, times, windows ---------------------------------------------------------------

    @Test
    void shouldCountVolumePerCategoryPriorityAndChannel() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P3, FeedbackChannel.SLACK, RECEIVED.plusSeconds(1));
        pipeTriaged("fb-3", Category.QUESTION, Priority.P3, FeedbackChannel.SLACK, RECEIVED.plusSeconds(2));

        // when
        readKpis();

        // then
        assertThat(value("volume", "all")).isEqualTo(3);
        assertThat(value("volume", "category=BUG")).isEqualTo(2);
        assertThat(value("volume", "category=QUESTION")).isEqualTo(1);
        assertThat(value("volume", "priority=P1")).isEqualTo(1);
        assertThat(value("volume", "priority=P3")).isEqualTo(2);
        assertThat(value("volume", "channel=API")).isEqualTo(1);
        assertThat(value("volume", "channel=SLACK")).isEqualTo(2);
        Kpi all = latest.get(Kpi.key(RELEASE, "volume", "all", Kpi.WHOLE_PERIOD));
        assertThat(all.unit()).isEqualTo("count");
        assertThat(all.count()).isEqualTo(3);
        assertThat(all.computedAt()).isEqualTo(WALL_CLOCK);
        assertThat(all.windowStart()).isNull();
    }

    @Test
    void shouldKeepTumblingHourAndDayWindowsWithTheirBounds() {
        // given: two items in the 09:00 hour, one at 10:30, all on 1 March
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED.plusSeconds(60));
        pipeTriaged("fb-2", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED.plusSeconds(3000));
        pipeTriaged("fb-3", Category.PRAISE, Priority.P4, FeedbackChannel.FORM, RECEIVED.plusSeconds(5400));

        // when
        readKpis();

        // then
        Kpi nine = latest.get(Kpi.key(RELEASE, "volume", "all", HOUR_9));
        assertThat(nine.value()).isEqualTo(2);
        assertThat(nine.windowStart()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(nine.windowEnd()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(latest.get(Kpi.key(RELEASE, "volume", "category=PRAISE", "hour:2025-03-01T10:00:00Z")).value()).isEqualTo(1);
        Kpi day = latest.get(Kpi.key(RELEASE, "volume", "priority=P2", DAY_1));
        assertThat(day.value()).isEqualTo(2);
        assertThat(day.windowEnd()).isEqualTo(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void shouldCombineTheDeltasOfAHotKeyIntoOneUpdatePerInterval() {
        // given: fifty items within one combine interval
        for (int i = 1; i <= 50; i++) {
            pipeTriaged("fb-" + i, Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        }

        // when
        flush();
        List<TestRecord<String, Kpi>> published = kpis.readRecordsToList();

        // then: the release's volume moved once, by fifty
        assertThat(published).filteredOn(r -> r.key().equals(Kpi.key(RELEASE, "volume", "all", Kpi.WHOLE_PERIOD)))
                .singleElement().satisfies(r -> assertThat(r.value().value()).isEqualTo(50));
    }

    @Test
    void shouldPublishOneRecordWithTheLatestValueWhenOneKpiKeyChangesRepeatedlyWithinAnInterval() {
        // given: three items, published
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-3", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        flush();
        kpis.readRecordsToList();

        // when: each gets its first response within one interval: the release's mean moves three times
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));
        pipeLifecycle(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(120)));
        pipeLifecycle(event("fb-3", LifecycleType.RESPONDED, RECEIVED.plusSeconds(300)));
        List<TestRecord<String, Kpi>> beforeInterval = kpis.readRecordsToList();
        assertThat(beforeInterval).as("before the interval ends, only the items' own KPIs (published with their events)")
                .extracting(TestRecord::key).hasSize(3).allSatisfy(key -> assertThat(key).contains("|item="));
        flush();
        List<TestRecord<String, Kpi>> published = kpis.readRecordsToList();

        // then: one record per key, carrying the value after the third response
        String mean = Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD);
        assertThat(published).filteredOn(r -> r.key().equals(mean)).singleElement().satisfies(r -> {
            assertThat(r.value().value()).isEqualTo(160_000.0);
            assertThat(r.value().count()).isEqualTo(3);
        });
        assertThat(published).filteredOn(r -> r.key().equals(Kpi.key(RELEASE, "first-response-ms-p99", "all", Kpi.WHOLE_PERIOD)))
                .singleElement().satisfies(r -> assertThat(r.value().value()).isCloseTo(300_000.0, within(3_000.0)));
        assertThat(published).extracting(TestRecord::key).doesNotHaveDuplicates();
        assertThat(published).as("the items' own KPIs are not published a second time").noneMatch(r -> r.key().contains("|item="));
    }

    @Test
    void shouldPublishAnItemsOwnKpiWithItsEventWithoutWaitingForTheCombineInterval() {
        // given: a triaged item, its KPIs published
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        flush();
        kpis.readRecordsToList();
        String itemKey = Kpi.key(RELEASE, "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD);

        // when: its first response, and no wall-clock time passes (the combine buffer is not flushed)
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));
        List<TestRecord<String, Kpi>> withTheEvent = kpis.readRecordsToList();
        flush();
        List<TestRecord<String, Kpi>> afterTheInterval = kpis.readRecordsToList();

        // then: the item's KPI went out with the event, as the total would have it; the aggregates after the interval,
        // without the item's KPI again; the total is kept for the query API
        assertThat(withTheEvent).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(itemKey);
            assertThat(r.value().value()).isEqualTo(60_000.0);
            assertThat(r.value().count()).isEqualTo(1);
            assertThat(r.value().unit()).isEqualTo("ms");
            assertThat(r.value().computedAt()).as("the stream thread's clock at the event (one flush after the start)")
                    .isEqualTo(WALL_CLOCK.plus(KpiSettings.DEFAULT_COMBINE_INTERVAL));
        });
        assertThat(afterTheInterval).extracting(TestRecord::key)
                .contains(Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD))
                .doesNotContain(itemKey);
        assertThat(totals().get(itemKey).toKpi()).isEqualTo(withTheEvent.get(0).value());
    }

    @Test
    void shouldTombstoneAnItemsOwnKpiWithTheEventThatMovesItToAnotherRelease() {
        // given: an answered item of release 2.0
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));
        flush();
        kpis.readRecordsToList();

        // when: triage corrects its release
        TriagedFeedback corrected = triaged("fb-1", "2.1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        triaged.pipeInput("fb-1", corrected, corrected.triagedAt());
        List<TestRecord<String, Kpi>> withTheEvent = kpis.readRecordsToList();
        flush();

        // then: at once a tombstone of the old key and the KPI under the new one; the old total leaves the store
        String oldKey = Kpi.key(RELEASE, "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD);
        String newKey = Kpi.key("2.1", "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD);
        assertThat(withTheEvent).extracting(TestRecord::key).containsExactlyInAnyOrder(oldKey, newKey);
        assertThat(withTheEvent).filteredOn(r -> r.key().equals(oldKey)).singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
        assertThat(withTheEvent).filteredOn(r -> r.key().equals(newKey)).singleElement()
                .satisfies(r -> assertThat(r.value().value()).isEqualTo(60_000.0));
        assertThat(kpis.readRecordsToList()).extracting(TestRecord::key).noneMatch(key -> key.contains("|item="));
        assertThat(totals()).doesNotContainKey(oldKey);
    }

    @Test
    void shouldNotCountARedeliveredTriagedRecordTwice() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        flush();
        assertThat(kpis.isEmpty()).isFalse();
        kpis.readRecordsToList();

        // when: triage's output redelivered (e.g. a replay)
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        flush();

        // then: nothing changed, so nothing is published
        assertThat(kpis.isEmpty()).isTrue();
        assertThat(totals().get(Kpi.key(RELEASE, "volume", "all", Kpi.WHOLE_PERIOD)).count()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheFirstResponseOfTheItemAndTheMeanOfTheRelease() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED.plusSeconds(10));

        // when
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));
        pipeLifecycle(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(10 + 120)));
        pipeLifecycle(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(10 + 999)));

        // then
        readKpis();
        Kpi item = latest.get(Kpi.key(RELEASE, "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD));
        assertThat(item.value()).isEqualTo(60_000.0);
        assertThat(item.count()).isEqualTo(1);
        assertThat(item.unit()).isEqualTo("ms");
        assertThat(value("first-response-ms", "item=fb-2")).isEqualTo(120_000.0);
        Kpi mean = latest.get(Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD));
        assertThat(mean.value()).isEqualTo(90_000.0);
        assertThat(mean.count()).isEqualTo(2);
        assertThat(latest).doesNotContainKey(Kpi.key(RELEASE, "time-to-acknowledge-ms", "all", Kpi.WHOLE_PERIOD));
    }

    @Test
    void shouldPublishPercentilesOfEachTimeFromTheSketch() {
        // given: ten P3 items answered after 1, 2, ... 10 minutes
        for (int i = 1; i <= 10; i++) {
            pipeTriaged("fb-" + i, Category.QUESTION, Priority.P3, FeedbackChannel.API, RECEIVED);
            pipeLifecycle(event("fb-" + i, LifecycleType.RESPONDED, RECEIVED.plusSeconds(60L * i)));
        }

        // when
        readKpis();

        // then: within the sketch's 1 %
        assertThat(value("first-response-ms-p50", "all")).isCloseTo(300_000, within(3_000.0));
        assertThat(value("first-response-ms-p90", "all")).isCloseTo(540_000, within(5_400.0));
        assertThat(value("first-response-ms-p99", "all")).isCloseTo(600_000, within(6_000.0));
        assertThat(latest.get(Kpi.key(RELEASE, "first-response-ms-p90", "priority=P3", HOUR_9)).count()).isEqualTo(10);
        assertThat(value("first-response-ms", "all")).isEqualTo(330_000.0);
    }

    @Test
    void shouldPublishTimeToAcknowledgeWhenTheItemIsAcknowledged() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        flush();
        kpis.readRecordsToList();

        // when
        pipeLifecycle(event("fb-1", LifecycleType.ACKNOWLEDGED, RECEIVED.plusMillis(1_500)));
        flush();

        // then: only acknowledgement KPIs move
        List<TestRecord<String, Kpi>> changed = kpis.readRecordsToList();
        assertThat(changed).extracting(TestRecord::key).allSatisfy(key -> assertThat(key).contains("|time-to-acknowledge-ms"));
        changed.forEach(r -> latest.put(r.key(), r.value()));
        assertThat(value("time-to-acknowledge-ms", "item=fb-1")).isEqualTo(1_500.0);
        assertThat(value("time-to-acknowledge-ms", "all")).isEqualTo(1_500.0);
        assertThat(latest.get(Kpi.key(RELEASE, "time-to-acknowledge-ms-p50", "category=BUG", DAY_1)).value())
                .isCloseTo(1_500.0, within(15.0));
    }

    @Test
    void shouldPublishResolutionTimeReopensAndOpenBacklog() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        readKpis();
        assertThat(value("open-backlog", "all")).isEqualTo(2);

        // when: fb-1 resolved after 10 min, reopened, resolved again after 30 min
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(600)));
        pipeLifecycle(event("fb-1", LifecycleType.REOPENED, RECEIVED.plusSeconds(900)));
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(1800)));
        readKpis();

        // then
        assertThat(value("resolution-ms", "all")).isEqualTo(1_800_000.0);
        assertThat(latest.get(Kpi.key(RELEASE, "resolution-ms-p99", "all", Kpi.WHOLE_PERIOD)).count()).isEqualTo(1);
        assertThat(value("reopen-count", "all")).isEqualTo(1);
        assertThat(value("open-backlog", "all")).isEqualTo(1);
        assertThat(value("open-backlog", "priority=P2")).isEqualTo(1);
    }

    @Test
    void shouldPublishCsatMeanAndDistribution() {
        // given
        for (int i = 1; i <= 3; i++) {
            pipeTriaged("fb-" + i, Category.BUG, Priority.P3, FeedbackChannel.API, RECEIVED);
        }

        // when: ratings 5, 4 and 1, then the last reporter changes their mind to 3
        pipeLifecycle(rated("fb-1", 5, RECEIVED.plusSeconds(100)));
        pipeLifecycle(rated("fb-2", 4, RECEIVED.plusSeconds(100)));
        pipeLifecycle(rated("fb-3", 1, RECEIVED.plusSeconds(100)));
        pipeLifecycle(rated("fb-3", 3, RECEIVED.plusSeconds(200)));
        readKpis();

        // then
        Kpi csat = latest.get(Kpi.key(RELEASE, "csat", "all", Kpi.WHOLE_PERIOD));
        assertThat(csat.value()).isEqualTo(4.0);
        assertThat(csat.count()).isEqualTo(3);
        assertThat(csat.details()).containsEntry("distribution", Map.of("1", 0, "2", 0, "3", 1, "4", 1, "5", 1));
    }

    @Test
    void shouldTombstoneAKeyWhenItsLastItemLeavesIt() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        readKpis();

        // when: triage changes its mind
        pipeTriaged("fb-1", Category.QUESTION, Priority.P2, FeedbackChannel.API, RECEIVED);
        readKpis();

        // then
        String bug = Kpi.key(RELEASE, "volume", "category=BUG", Kpi.WHOLE_PERIOD);
        assertThat(latest).containsKey(bug);
        assertThat(latest.get(bug)).as("tombstone of %s", bug).isNull();
        assertThat(latest.get(Kpi.key(RELEASE, "volume", "category=BUG", HOUR_9))).isNull();
        assertThat(value("volume", "category=QUESTION")).isEqualTo(1);
        assertThat(totals()).doesNotContainKey(bug);
    }

    @Test
    void shouldApplyALifecycleEventThatArrivedBeforeTheTriagedRecord() {
        // given: support responded while the item was still being triaged
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(30)));
        flush();
        assertThat(kpis.isEmpty()).isTrue();

        // when
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);

        // then
        readKpis();
        assertThat(value("volume", "all")).isEqualTo(1);
        assertThat(value("first-response-ms", "item=fb-1")).isEqualTo(30_000.0);
        assertThat(value("first-response-ms", "all")).isEqualTo(30_000.0);
    }

    @Test
    void shouldApplyALateLifecycleEventToTheWindowsOfItsItem() {
        // given: an item of the 09:00 hour, then much later traffic moves stream time two days on
        pipeTriaged("fb-1", Category.BUG, Priority.P3, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P3, FeedbackChannel.API, RECEIVED.plus(Duration.ofDays(2)));
        readKpis();

        // when: fb-1's resolution arrives two days late
        LifecycleEvent late = event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(3600));
        lifecycle.pipeInput("fb-1", late, RECEIVED.plus(Duration.ofDays(2)).plusSeconds(60));
        readKpis();

        // then: it lands in fb-1's hour and day, not in the windows of its arrival
        assertThat(latest.get(Kpi.key(RELEASE, "resolution-ms", "all", HOUR_9)).value()).isEqualTo(3_600_000.0);
        assertThat(latest.get(Kpi.key(RELEASE, "resolution-ms", "all", DAY_1)).count()).isEqualTo(1);
        assertThat(latest).doesNotContainKey(Kpi.key(RELEASE, "resolution-ms", "all", "day:2025-03-03"));
    }

    @Test
    void shouldKeepEveryPublishedKpiInTheKpiStoreUnderItsKey() {
        // given
        pipeTriaged("fb-1", Category.PRAISE, Priority.P4, FeedbackChannel.FORM, RECEIVED);
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(5)));

        // when
        readKpis();
        Map<String, Kpi> fromStore = new TreeMap<>();
        totals().values().forEach(total -> total.toKpis().forEach(kpi -> fromStore.put(kpi.key(), kpi)));

        // then: the topic holds what the store holds (plus exit readiness and uptime, kept in their own stores)
        Map<String, Kpi> published = new TreeMap<>(latest);
        published.remove(Kpi.key(RELEASE, "exit-readiness", "all", Kpi.WHOLE_PERIOD));
        published.remove(Kpi.key(RELEASE, "uptime", "all", Kpi.WHOLE_PERIOD));
        assertThat(published).isEqualTo(fromStore);
    }

    // ---- SLA ----------------------------------------------------------------------------------

    @Test
    void shouldWarnThenBreachAnUntouchedItemOnTheWallClockEachExactlyOnce() {
        // given: a P1 (first response due in 15 min) received now, nobody touches it
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, WALL_CLOCK);
        assertThat(sla.isEmpty()).isTrue();

        // when / then: nothing before 80 % of the target
        driver.advanceWallClockTime(Duration.ofMinutes(11));
        assertThat(sla.isEmpty()).isTrue();

        // at 12 min (80 %): one warning, however often the clock ticks after it
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        List<SlaEvent> warnings = sla.readValuesToList();
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(SlaEvent.Kind.WARNING);
            assertThat(w.target()).isEqualTo(SlaEvent.Target.FIRST_RESPONSE);
            assertThat(w.priority()).isEqualTo(Priority.P1);
            assertThat(w.dueAt()).isEqualTo(WALL_CLOCK.plus(Duration.ofMinutes(15)));
            assertThat(w.targetDuration()).isEqualTo(Duration.ofMinutes(15));
        });

        // at 15 min: one breach
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        List<TestRecord<String, SlaEvent>> breaches = sla.readRecordsToList();
        assertThat(breaches).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo("fb-1");
            assertThat(b.value().kind()).isEqualTo(SlaEvent.Kind.BREACH);
            assertThat(b.value().target()).isEqualTo(SlaEvent.Target.FIRST_RESPONSE);
        });
        readKpis();
        assertThat(value("sla-attainment", "all")).isEqualTo(0.0);
        assertThat(value("sla-breaches", "priority=P1")).isEqualTo(1);

        // and a late response later raises nothing again
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, WALL_CLOCK.plus(Duration.ofMinutes(40))));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(sla.readValuesToList()).noneMatch(e -> e.target() == SlaEvent.Target.FIRST_RESPONSE);
    }

    @Test
    void shouldRaiseAtMostMaxPerCheckDueItemsPerWallClockCheckAndTheRestAtTheNextChecks() {
        // given: at most two items per check, five untouched P1s received now
        driver.close();
        startDriver(MetricsSettings.defaults().withInMemoryStores().withSlaMaxPerCheck(2));
        for (int i = 1; i <= 5; i++) {
            pipeTriaged("fb-" + i, Category.BUG, Priority.P1, FeedbackChannel.API, WALL_CLOCK);
        }

        // when: the wall clock passes every one's first-response warning and breach at once
        driver.advanceWallClockTime(Duration.ofMinutes(16));

        // then: two items (each its warning and its breach) per check, the earliest due first, the rest at the next checks
        assertThat(sla.readValuesToList()).extracting(SlaEvent::feedbackId).containsExactly("fb-1", "fb-1", "fb-2", "fb-2");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(sla.readValuesToList()).extracting(SlaEvent::feedbackId).containsExactly("fb-3", "fb-3", "fb-4", "fb-4");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(sla.readValuesToList()).extracting(SlaEvent::feedbackId, SlaEvent::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fb-5", SlaEvent.Kind.WARNING),
                org.assertj.core.groups.Tuple.tuple("fb-5", SlaEvent.Kind.BREACH));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(sla.isEmpty()).isTrue();
        readKpis();
        assertThat(value("sla-breaches", "priority=P1")).isEqualTo(5);
    }

    @Test
    void shouldRaiseNothingForAnItemAnsweredAndResolvedInTime() {
        // given: a P1 answered after 5 min and resolved after 1 h
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, WALL_CLOCK);
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, WALL_CLOCK.plus(Duration.ofMinutes(5))));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, WALL_CLOCK.plus(Duration.ofHours(1))));

        // when: a day passes
        driver.advanceWallClockTime(Duration.ofHours(1));
        driver.advanceWallClockTime(Duration.ofDays(1));

        // then
        assertThat(sla.isEmpty()).isTrue();
        readKpis();
        Kpi attainment = latest.get(Kpi.key(RELEASE, "sla-attainment", "all", Kpi.WHOLE_PERIOD));
        assertThat(attainment.value()).isEqualTo(100.0);
        assertThat(attainment.count()).isEqualTo(2); // first response and resolution
        assertThat(attainment.unit()).isEqualTo("percent");
    }

    @Test
    void shouldNotBreachAnItemAnsweredInTimeWhileItsAnswerIsStillInTheBacklog() {
        // given: the service was stopped for half an hour; a P1 (first response due in 15 min) received then was
        // answered after 5 min, and both records wait in the backlog
        Instant received = WALL_CLOCK.minus(Duration.ofMinutes(30));
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, received);

        // when: a wall-clock check runs between the two records, then the answer is read, then the task idles
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, received.plus(Duration.ofMinutes(5))));
        driver.advanceWallClockTime(Duration.ofSeconds(15));

        // then: judged against the wall clock, the check would have raised a warning and a breach 15 minutes overdue
        assertThat(sla.isEmpty()).isTrue();
        readKpis();
        assertThat(value("sla-attainment", "all")).isEqualTo(100.0);
    }

    @Test
    void shouldStillBreachByTheWallClockOnceTheBacklogIsRead() {
        // given: from the same backlog, a P1 nobody answered
        Instant received = WALL_CLOCK.minus(Duration.ofMinutes(30));
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, received);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(sla.isEmpty()).isTrue();

        // when: nothing more arrives
        driver.advanceWallClockTime(Duration.ofSeconds(15));

        // then: warning and breach, judged at the wall clock
        assertThat(sla.readValuesToList()).extracting(SlaEvent::target, SlaEvent::kind, SlaEvent::raisedAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SlaEvent.Target.FIRST_RESPONSE, SlaEvent.Kind.WARNING, WALL_CLOCK.plusSeconds(16)),
                org.assertj.core.groups.Tuple.tuple(SlaEvent.Target.FIRST_RESPONSE, SlaEvent.Kind.BREACH, WALL_CLOCK.plusSeconds(16)));
    }

    @Test
    void shouldNotBreachTheFirstResponseOfAnItemResolvedWithoutAResponse() {
        // given: a P1 resolved after 10 min, nobody having sent a RESPONDED
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, WALL_CLOCK);
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, WALL_CLOCK.plus(Duration.ofMinutes(10))));

        // when: the first-response target (15 min) passes
        driver.advanceWallClockTime(Duration.ofMinutes(20));

        // then: the resolution was the response, in time
        assertThat(sla.isEmpty()).isTrue();
        readKpis();
        assertThat(value("sla-attainment", "all")).isEqualTo(100.0);
        assertThat(value("first-response-ms", "all")).isEqualTo(600_000.0);
    }

    @Test
    void shouldBreachAtOnceWhenAResponseArrivesAfterTheTarget() {
        // given: a P2 (1 h) received two hours ago, whose triaged record arrives with its late response
        Instant received = WALL_CLOCK.minus(Duration.ofHours(2));
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, received.plus(Duration.ofMinutes(90))));

        // when
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, received);

        // then: warning and breach of the first response, without waiting for the clock
        assertThat(sla.readValuesToList()).extracting(SlaEvent::target, SlaEvent::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SlaEvent.Target.FIRST_RESPONSE, SlaEvent.Kind.WARNING),
                org.assertj.core.groups.Tuple.tuple(SlaEvent.Target.FIRST_RESPONSE, SlaEvent.Kind.BREACH));
    }

    @Test
    void shouldApplyAnSlaPolicyPublishedLiveOnTheRulesTopicToItemsTriagedAfterIt() throws Exception {
        // given: ops tighten the P3 first-response target from 4 h to 10 min
        var rules = DriverTopics.input(driver, Topics.TRIAGE_RULES);
        rules.pipeInput("sla-policy", dev.hypercare.kafka.Json.mapper().readTree(
                "{\"targets\": {\"P3\": {\"firstResponse\": \"PT10M\"}}, \"warnAt\": 0.5}"), WALL_CLOCK);

        // when: a P3 nobody answers for 11 minutes
        pipeTriaged("fb-1", Category.QUESTION, Priority.P3, FeedbackChannel.API, WALL_CLOCK);
        driver.advanceWallClockTime(Duration.ofMinutes(6));
        List<SlaEvent> warning = sla.readValuesToList();
        driver.advanceWallClockTime(Duration.ofMinutes(5));

        // then: warned at half of the new target, breached at it; resolution keeps the configured 3 days
        assertThat(warning).singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo(SlaEvent.Kind.WARNING));
        assertThat(sla.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(SlaEvent.Kind.BREACH);
            assertThat(b.targetDuration()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    // ---- exit readiness -----------------------------------------------------------------------

    @Test
    void shouldJudgeExitReadinessWithEvidenceAndBecomeReadyAfter72HoursWithoutAnOpenP1() {
        // given: a busy week ten days ago, all answered and resolved in time and rated 5 ...
        Instant lastWeek = WALL_CLOCK.minus(Duration.ofDays(10));
        for (int i = 1; i <= 3; i++) {
            String id = "old-" + i;
            pipeLifecycle(event(id, LifecycleType.RESPONDED, lastWeek.plusSeconds(60)));
            pipeLifecycle(event(id, LifecycleType.RESOLVED, lastWeek.plusSeconds(120)));
            pipeLifecycle(rated(id, 5, lastWeek.plusSeconds(180)));
            pipeTriaged(id, Category.BUG, Priority.P3, FeedbackChannel.API, lastWeek);
        }
        // ... and one P1 now, answered at once but still open
        pipeLifecycle(event("p1", LifecycleType.RESPONDED, WALL_CLOCK.plusSeconds(30)));
        pipeTriaged("p1", Category.BUG, Priority.P1, FeedbackChannel.API, WALL_CLOCK);

        // when
        readKpis();

        // then: not ready, because of the open P1 only
        Kpi verdict = latest.get(Kpi.key(RELEASE, "exit-readiness", "all", Kpi.WHOLE_PERIOD));
        assertThat(verdict.value()).isEqualTo(0.0);
        assertThat(criteria(verdict)).containsEntry("no-open-p1", false).containsEntry("sla-attainment", true)
                .containsEntry("csat", true).containsEntry("falling-weekly-volume", true);

        // when: the P1 is resolved, then 73 h pass on the wall clock
        pipeLifecycle(event("p1", LifecycleType.RESOLVED, WALL_CLOCK.plus(Duration.ofMinutes(30))));
        readKpis();
        assertThat(latest.get(Kpi.key(RELEASE, "exit-readiness", "all", Kpi.WHOLE_PERIOD)).value()).isEqualTo(0.0);
        driver.advanceWallClockTime(Duration.ofHours(73));
        readKpis();

        // then: ready, with the evidence of every criterion
        verdict = latest.get(Kpi.key(RELEASE, "exit-readiness", "all", Kpi.WHOLE_PERIOD));
        assertThat(verdict.value()).isEqualTo(1.0);
        assertThat(verdict.count()).isEqualTo(4);
        assertThat(criteria(verdict)).containsOnlyKeys("no-open-p1", "sla-attainment", "csat", "falling-weekly-volume")
                .doesNotContainValue(false);
        assertThat(evidence(verdict, "falling-weekly-volume")).contains("last 7 days: 1", "the 7 days before: 3");
    }

    // ---- recurring issues ---------------------------------------------------------------------

    @Test
    void shouldCountRecurringIssueGroupsOfARelease() {
        // given
        pipeIssue("grp-1", 1);
        pipeIssue("grp-2", 3);
        readKpis();
        assertThat(value("recurring-issues", "all")).isEqualTo(1);

        // when: the first group gets a second report
        pipeIssue("grp-1", 2);
        readKpis();

        // then
        assertThat(value("recurring-issues", "all")).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPublishTheTopRecurringIssuesOfAReleaseMostReportsFirst() {
        // given: twelve recurring groups and one single report
        for (int i = 1; i <= 12; i++) {
            pipeIssue("grp-" + i, i + 1);
        }
        pipeIssue("single", 1);

        // when: the smallest recurring group grows past all others
        pipeIssue("grp-1", 40);
        readKpis();

        // then: the top ten, most reports first, single reports and the smallest groups left out
        Kpi top = latest.get(Kpi.key(RELEASE, "top-issues", "all", Kpi.WHOLE_PERIOD));
        assertThat(top.value()).isEqualTo(10);
        List<Map<String, Object>> issues = (List<Map<String, Object>>) top.details().get("issues");
        assertThat(issues).extracting(i -> i.get("issueId")).containsExactly(
                "grp-1", "grp-12", "grp-11", "grp-10", "grp-9", "grp-8", "grp-7", "grp-6", "grp-5", "grp-4");
        assertThat(issues.get(0)).containsEntry("count", 40).containsEntry("representativeText", "Checkout fails")
                .containsEntry("priority", "P2");
    }

    @Test
    void shouldLeaveOutOfTheIssueKpisGroupsThatBreakTheIssuesTopicsContract() {
        // given one ordinary recurring group
        pipeIssue("grp-1", 5);

        // when another producer writes three recurring groups with 400,000-character ids (together more than the
        // top-issues changelog's 1 MB record: the service stopped on every restart) and one with a '|' in its release
        for (int i = 0; i < 3; i++) {
            String id = String.valueOf(i).repeat(400_000);
            issues.pipeInput(id, new IssueGroup(IssueGroup.SCHEMA_VERSION, id, "shop-app", RELEASE, Category.BUG, Priority.P2,
                    "Checkout fails", 5, RECEIVED, RECEIVED, List.of()), RECEIVED);
        }
        issues.pipeInput("grp-pipe", new IssueGroup(IssueGroup.SCHEMA_VERSION, "grp-pipe", "shop-app", RELEASE + "|volume",
                Category.BUG, Priority.P2, "Checkout fails", 5, RECEIVED, RECEIVED, List.of()), RECEIVED);
        pipeIssue("grp-2", 3);
        readKpis();

        // then the service keeps counting, the good groups only
        assertThat(value("recurring-issues", "all")).isEqualTo(2);
        assertThat(latest.get(Kpi.key(RELEASE, "top-issues", "all", Kpi.WHOLE_PERIOD)).value()).isEqualTo(2);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void pipeTriaged(String id, Category category, Priority priority, FeedbackChannel channel, Instant receivedAt) {
        TriagedFeedback record = triaged(id, RELEASE, category, priority, channel, receivedAt);
        triaged.pipeInput(id, record, record.triagedAt());
    }

    private void pipeLifecycle(LifecycleEvent event) {
        lifecycle.pipeInput(event.feedbackId(), event, event.receivedAt());
    }

    private void pipeIssue(String id, long count) {
        issues.pipeInput(id, new IssueGroup(IssueGroup.SCHEMA_VERSION, id, "shop-app", RELEASE, Category.BUG, Priority.P2,
                "Checkout fails", count, RECEIVED, RECEIVED, List.of()), RECEIVED);
    }

    /** Lets the KPI delta combiner's wall-clock punctuation pass the buffered deltas on. */
    private void flush() {
        driver.advanceWallClockTime(KpiSettings.DEFAULT_COMBINE_INTERVAL);
    }

    private void readKpis() {
        flush();
        kpis.readRecordsToList().forEach(record -> latest.put(record.key(), record.value()));
    }

    private Map<String, KpiTotal> totals() {
        KeyValueStore<String, ValueAndTimestamp<KpiTotal>> store = driver.getTimestampedKeyValueStore(MetricsTopology.KPI_STORE);
        Map<String, KpiTotal> totals = new TreeMap<>();
        try (var iterator = store.prefixScan(RELEASE + Kpi.SEPARATOR, new StringSerializer())) {
            iterator.forEachRemaining(entry -> totals.put(entry.key, entry.value.value()));
        }
        return totals;
    }

    private double value(String kpi, String dimension) {
        Kpi found = latest.get(Kpi.key(RELEASE, kpi, dimension, Kpi.WHOLE_PERIOD));
        assertThat(found).as("KPI %s %s", kpi, dimension).isNotNull();
        return found.value();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Boolean> criteria(Kpi verdict) {
        Map<String, Boolean> met = new TreeMap<>();
        ((List<Map<String, Object>>) verdict.details().get("criteria"))
                .forEach(c -> met.put((String) c.get("name"), (Boolean) c.get("met")));
        return met;
    }

    @SuppressWarnings("unchecked")
    private static String evidence(Kpi verdict, String criterion) {
        return ((List<Map<String, Object>>) verdict.details().get("criteria")).stream()
                .filter(c -> criterion.equals(c.get("name"))).map(c -> (String) c.get("evidence")).findFirst().orElseThrow();
    }

    static final class TargetDirFactory implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "ttd-state")), "metrics-");
        }
    }
}
