package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.kpi.Dimensions;
import dev.hypercare.metrics.kpi.KpiDelta;
import dev.hypercare.metrics.kpi.KpiDeltaSerde;
import dev.hypercare.metrics.kpi.KpiName;
import dev.hypercare.metrics.kpi.KpiOutput;
import dev.hypercare.metrics.kpi.KpiSettings;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriagedFeedback;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-item KPIs across a rolling upgrade: the totals publish an item's record only when its item's task did not
 * ({@code KpiOutput.PUBLISHED_HEADER} absent: an earlier build's delta in {@code kpi-deltas-by-key}). Deltas are
 * piped straight into that repartition topic, as either build writes them. Each test runs with the record cache
 * off and with the service's default cache (10 MB), whose flush forwards the headers kept with the entry.
 */
class ItemKpiUpgradeTopologyTest {

    private static final String APPLICATION_ID = "hypercare-metrics-test";
    private static final String RELEASE = "2.0";
    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-01T09:01:00Z");
    private static final String ITEM_KEY = Kpi.key(RELEASE, KpiName.FIRST_RESPONSE_MS.id(), Dimensions.item("fb-1"),
            Kpi.WHOLE_PERIOD);
    private static final long CACHE_OFF = 0;
    private static final long DEFAULT_CACHE = 10L * 1024 * 1024;

    @TempDir(factory = MetricsTopologyTest.TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, KpiDelta> deltasByKey;
    private TestOutputTopic<String, Kpi> kpis;

    private void startDriver(long cacheBytes) {
        Properties props = DriverTopics.config(APPLICATION_ID, stateDir);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        driver = new TopologyTestDriver(MetricsTopology.build(MetricsSettings.defaults().withInMemoryStores(), event -> { }),
                props, WALL_CLOCK);
        deltasByKey = driver.createInputTopic(
                APPLICATION_ID + "-" + MetricsTopology.KPI_DELTAS_REPARTITION + "-repartition",
                new StringSerializer(), new KpiDeltaSerde().serializer());
        kpis = driver.createOutputTopic(Topics.KPIS.name(), new StringDeserializer(), Topics.KPIS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @ParameterizedTest(name = "cache {0} bytes")
    @ValueSource(longs = {CACHE_OFF, DEFAULT_CACHE})
    void shouldPublishAnUnmarkedItemDeltaOfAnEarlierBuildAndItsTombstoneFromTheTotals(long cacheBytes) {
        // given: the new build's topology
        startDriver(cacheBytes);

        // when: an earlier build's item delta (no mark: its item task published nothing), then its withdrawal
        deltasByKey.pipeInput(new TestRecord<>(ITEM_KEY, firstResponse(60_000, 1), new RecordHeaders(), RECEIVED));
        List<TestRecord<String, Kpi>> afterValue = kpis.readRecordsToList();
        deltasByKey.pipeInput(new TestRecord<>(ITEM_KEY, firstResponse(-60_000, -1), new RecordHeaders(), RECEIVED));
        List<TestRecord<String, Kpi>> afterWithdrawal = kpis.readRecordsToList();

        // then: the totals publish the item's record, then its tombstone
        assertThat(afterValue).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(ITEM_KEY);
            assertThat(r.value().value()).isEqualTo(60_000.0);
            assertThat(r.value().count()).isEqualTo(1);
        });
        assertThat(afterWithdrawal).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(ITEM_KEY);
            assertThat(r.value()).isNull();
        });
    }

    @ParameterizedTest(name = "cache {0} bytes")
    @ValueSource(longs = {CACHE_OFF, DEFAULT_CACHE})
    void shouldNotPublishAMarkedItemDeltaOrItsTombstoneFromTheTotalsButKeepTheTotal(long cacheBytes) {
        // given: the new build's topology
        startDriver(cacheBytes);

        // when: an item delta marked as published by its item's task, then its marked withdrawal
        deltasByKey.pipeInput(new TestRecord<>(ITEM_KEY, firstResponse(60_000, 1), KpiOutput.publishedMark(), RECEIVED));
        List<TestRecord<String, Kpi>> afterValue = kpis.readRecordsToList();
        boolean totalKept = driver.getTimestampedKeyValueStore(MetricsTopology.KPI_STORE).get(ITEM_KEY) != null;
        deltasByKey.pipeInput(new TestRecord<>(ITEM_KEY, firstResponse(-60_000, -1), KpiOutput.publishedMark(), RECEIVED));
        List<TestRecord<String, Kpi>> afterWithdrawal = kpis.readRecordsToList();

        // then: neither is published by the totals; the total was kept for the query API, and left with the withdrawal
        assertThat(afterValue).isEmpty();
        assertThat(totalKept).isTrue();
        assertThat(afterWithdrawal).isEmpty();
        assertThat(driver.getTimestampedKeyValueStore(MetricsTopology.KPI_STORE).get(ITEM_KEY)).isNull();
    }

    @ParameterizedTest(name = "cache {0} bytes")
    @ValueSource(longs = {CACHE_OFF, DEFAULT_CACHE})
    void shouldPublishAnItemsKpiOnceWhenItsEventIsProcessedByTheNewBuild(long cacheBytes) {
        // given: a triaged item
        startDriver(cacheBytes);
        TestInputTopic<String, TriagedFeedback> triagedIn = DriverTopics.input(driver, Topics.FEEDBACK_TRIAGED);
        TestInputTopic<String, LifecycleEvent> lifecycleIn = DriverTopics.input(driver, Topics.FEEDBACK_LIFECYCLE);
        TriagedFeedback item = triaged("fb-1", RELEASE, Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        triagedIn.pipeInput("fb-1", item, item.triagedAt());
        driver.advanceWallClockTime(KpiSettings.DEFAULT_COMBINE_INTERVAL);
        kpis.readRecordsToList();

        // when: its first response, and the combine interval passes
        LifecycleEvent responded = event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60));
        lifecycleIn.pipeInput("fb-1", responded, responded.receivedAt());
        driver.advanceWallClockTime(KpiSettings.DEFAULT_COMBINE_INTERVAL);

        // then: one record of the item's KPI (its task's), none from the totals, whose delta was marked
        assertThat(kpis.readRecordsToList()).filteredOn(r -> r.key().equals(ITEM_KEY)).singleElement()
                .satisfies(r -> assertThat(r.value().value()).isEqualTo(60_000.0));
    }

    private static KpiDelta firstResponse(double sum, long count) {
        return new KpiDelta(RELEASE, KpiName.FIRST_RESPONSE_MS, Dimensions.item("fb-1"), Kpi.WHOLE_PERIOD, sum, count,
                List.of(), List.of(), WALL_CLOCK);
    }
}
