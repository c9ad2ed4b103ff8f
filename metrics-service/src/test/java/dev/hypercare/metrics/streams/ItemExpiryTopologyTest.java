package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.rated;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.item.ItemEvents;
import dev.hypercare.metrics.item.ItemRetention;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.kpi.KpiSettings;
import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriagedFeedback;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Item expiry ({@link ItemRetention}) on the real topology, with explicit record timestamps and the wall
 * clock under the test's control: retention 30 days from receipt, 7 days after a resolution, markers kept
 * 20 days, checked every minute.
 */
class ItemExpiryTopologyTest {

    private static final String RELEASE = "3.1";
    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-01T09:01:00Z");
    private static final ItemRetention RETENTION = new ItemRetention(Duration.ofDays(30), Duration.ofDays(7),
            Duration.ofDays(20), Duration.ofMinutes(1), 1000);

    @TempDir(factory = MetricsTopologyTest.TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, TriagedFeedback> triaged;
    private TestInputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, Kpi> kpis;
    private final List<String> expired = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();

    @BeforeEach
    void startDriver() {
        start(RETENTION);
    }

    private void start(ItemRetention retention) {
        Properties props = DriverTopics.config("hypercare-metrics-expiry-test", stateDir);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        ItemEvents events = new ItemEvents() {
            @Override
            public void expired(ItemState last) {
                expired.add(last.feedbackId());
            }

            @Override
            public void ignoredLate(String feedbackId, String input) {
                ignored.add(input + ":" + feedbackId);
            }
        };
        driver = new TopologyTestDriver(MetricsTopology.build(
                MetricsSettings.defaults().withInMemoryStores().withItemRetention(retention), event -> { }, events),
                props, WALL_CLOCK);
        triaged = DriverTopics.input(driver, Topics.FEEDBACK_TRIAGED);
        lifecycle = DriverTopics.input(driver, Topics.FEEDBACK_LIFECYCLE);
        kpis = DriverTopics.output(driver, Topics.KPIS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldTombstoneExactlyTheOwnKpisOfAnItemResolvedLongerAgoThanTheClosedGraceAndKeepTheAggregates() {
        // given: two answered and acknowledged items; fb-1 resolved after an hour, fb-2 still open
        answered("fb-1");
        answered("fb-2");
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plus(Duration.ofHours(1))));
        // six days on: every SLA target decided, nothing due to expire yet
        driver.advanceWallClockTime(Duration.ofDays(6));
        flush();
        kpis.readRecordsToList();
        Map<String, KpiTotal> before = totals();
        assertThat(before).containsKeys(itemKey("first-response-ms", "fb-1"), itemKey("time-to-acknowledge-ms", "fb-1"));

        // when: fb-1's resolution is more than 7 days old
        driver.advanceWallClockTime(Duration.ofDays(1).plusHours(2));
        flush();

        // then: tombstones for exactly fb-1's two per-item keys, nothing else about items
        List<TestRecord<String, Kpi>> published = kpis.readRecordsToList();
        assertThat(published).filteredOn(r -> r.value() == null).extracting(TestRecord::key)
                .containsExactlyInAnyOrder(itemKey("first-response-ms", "fb-1"), itemKey("time-to-acknowledge-ms", "fb-1"));
        assertThat(published).extracting(TestRecord::key).noneMatch(key -> key.contains("item=fb-2"));
        // every aggregate exactly as before (sum, count, histogram, computedAt): only fb-1's own totals are gone
        Map<String, KpiTotal> expected = new TreeMap<>(before);
        expected.remove(itemKey("first-response-ms", "fb-1"));
        expected.remove(itemKey("time-to-acknowledge-ms", "fb-1"));
        assertThat(totals()).isEqualTo(expected);
        assertThat(expired).containsExactly("fb-1");
        assertThat(item("fb-1").expired()).isTrue();
        assertThat(item("fb-2").expired()).isFalse();
    }

    @Test
    void shouldExpireAnOpenItemOnceOlderThanTheRetentionAndKeepItInTheBacklog() {
        // given
        answered("fb-1");
        driver.advanceWallClockTime(Duration.ofDays(29));
        flush();
        kpis.readRecordsToList();
        Map<String, KpiTotal> before = totals();
        assertThat(before.get(Kpi.key(RELEASE, "open-backlog", "all", Kpi.WHOLE_PERIOD)).count()).isEqualTo(1);

        // when: 30 days after its receipt
        driver.advanceWallClockTime(Duration.ofDays(1));
        flush();

        // then
        assertThat(kpis.readRecordsToList()).filteredOn(r -> r.key().contains("|item=")).allSatisfy(r -> assertThat(r.value()).isNull())
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder(itemKey("first-response-ms", "fb-1"), itemKey("time-to-acknowledge-ms", "fb-1"));
        assertThat(totals().get(Kpi.key(RELEASE, "open-backlog", "all", Kpi.WHOLE_PERIOD)).count()).isEqualTo(1);
        assertThat(totals().get(Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD)))
                .isEqualTo(before.get(Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD)));
    }

    @Test
    void shouldIgnoreAndCountLateUpdatesOfAnExpiredItem() {
        // given: fb-1 resolved and expired
        answered("fb-1");
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plus(Duration.ofHours(1))));
        driver.advanceWallClockTime(Duration.ofDays(8));
        flush();
        kpis.readRecordsToList();
        Map<String, KpiTotal> before = totals();
        assertThat(expired).containsExactly("fb-1");

        // when: the reporter rates it, support reopens it, and triage's record is redelivered
        pipeLifecycle(rated("fb-1", 2, WALL_CLOCK.plus(Duration.ofDays(8))));
        pipeLifecycle(event("fb-1", LifecycleType.REOPENED, WALL_CLOCK.plus(Duration.ofDays(8))));
        TriagedFeedback again = triaged("fb-1", RELEASE, Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        triaged.pipeInput("fb-1", again, WALL_CLOCK.plus(Duration.ofDays(8)));
        flush();

        // then: nothing moves, and each is counted
        assertThat(kpis.readRecordsToList()).filteredOn(r -> !r.key().contains("|exit-readiness|") && !r.key().contains("|uptime|"))
                .isEmpty();
        assertThat(totals()).isEqualTo(before);
        assertThat(ignored).containsExactly("lifecycle:fb-1", "lifecycle:fb-1", "triaged:fb-1");
    }

    @Test
    void shouldExpireAtMostMaxPerCheckItemsPerPunctuation() {
        // given: five answered items, at most two expired per check
        driver.close();
        start(new ItemRetention(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(20), Duration.ofMinutes(1), 2));
        for (int i = 1; i <= 5; i++) {
            answered("fb-" + i);
        }
        driver.advanceWallClockTime(Duration.ofDays(30).plusMinutes(1));
        flush();

        // when / then: two, two, then the last one, one check after the other
        assertThat(expired).hasSize(2);
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(expired).hasSize(4);
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        flush();
        assertThat(expired).containsExactlyInAnyOrder("fb-1", "fb-2", "fb-3", "fb-4", "fb-5");
        assertThat(kpis.readRecordsToList()).filteredOn(r -> r.key().contains("|item=") && r.value() == null).hasSize(10);
    }

    @Test
    void shouldKeepAReopenedItemPastTheClosedGraceAndDeleteTheMarkerAfterItsRetention() {
        // given: fb-1 resolved after an hour, reopened a day later
        answered("fb-1");
        pipeLifecycle(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plus(Duration.ofHours(1))));
        pipeLifecycle(event("fb-1", LifecycleType.REOPENED, RECEIVED.plus(Duration.ofDays(1))));

        // when: 8 days on (past the resolution's grace)
        driver.advanceWallClockTime(Duration.ofDays(8));

        // then: open again, so kept until 30 days after its receipt
        assertThat(expired).isEmpty();
        driver.advanceWallClockTime(Duration.ofDays(22));
        assertThat(expired).containsExactly("fb-1");
        assertThat(item("fb-1").expired()).isTrue();

        // and the marker goes 20 days later: the item store forgets the item
        driver.advanceWallClockTime(Duration.ofDays(20).plusMinutes(1));
        assertThat(item("fb-1")).isNull();
    }

    @Test
    void shouldExpireLifecycleEventsWhoseItemWasNeverTriaged() {
        // given: a response to an item triage never published
        pipeLifecycle(event("ghost", LifecycleType.RESPONDED, RECEIVED.plusSeconds(30)));
        assertThat(item("ghost").pending()).hasSize(1);

        // when
        driver.advanceWallClockTime(Duration.ofDays(30));
        flush();

        // then: dropped without any KPI record (it never counted anywhere)
        assertThat(item("ghost").expired()).isTrue();
        assertThat(kpis.readRecordsToList()).filteredOn(r -> r.key().contains("ghost")).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A P2 bug received at {@link #RECEIVED}, acknowledged after 1 min and answered after 5. */
    private void answered(String id) {
        TriagedFeedback record = triaged(id, RELEASE, Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        triaged.pipeInput(id, record, record.triagedAt());
        pipeLifecycle(event(id, LifecycleType.ACKNOWLEDGED, RECEIVED.plusSeconds(60)));
        pipeLifecycle(event(id, LifecycleType.RESPONDED, RECEIVED.plusSeconds(300)));
    }

    private void pipeLifecycle(LifecycleEvent event) {
        lifecycle.pipeInput(event.feedbackId(), event, event.receivedAt());
    }

    private void flush() {
        driver.advanceWallClockTime(KpiSettings.DEFAULT_COMBINE_INTERVAL);
    }

    private static String itemKey(String kpi, String id) {
        return Kpi.key(RELEASE, kpi, "item=" + id, Kpi.WHOLE_PERIOD);
    }

    private ItemState item(String id) {
        KeyValueStore<String, ItemState> store = driver.getKeyValueStore(MetricsTopology.ITEM_STATE_STORE);
        return store.get(id);
    }

    private Map<String, KpiTotal> totals() {
        KeyValueStore<String, ValueAndTimestamp<KpiTotal>> store = driver.getTimestampedKeyValueStore(MetricsTopology.KPI_STORE);
        Map<String, KpiTotal> totals = new TreeMap<>();
        try (var iterator = store.all()) {
            iterator.forEachRemaining(entry -> totals.put(entry.key, entry.value.value()));
        }
        return totals;
    }
}
