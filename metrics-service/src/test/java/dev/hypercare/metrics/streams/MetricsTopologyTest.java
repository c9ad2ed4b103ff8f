package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriagedFeedback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/** The real topology, driven with explicit record timestamps and the record cache off. */
class MetricsTopologyTest {

    private static final String RELEASE = "2.0";
    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-01T12:00:00Z");

    // Under target/ rather than the OS temp dir, which Kafka Streams warns may be cleared under it.
    @TempDir(factory = TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, TriagedFeedback> triaged;
    private TestInputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, Kpi> kpis;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hypercare-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Cache off: every update of a KPI is forwarded at once, so each one can be asserted.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(MetricsTopology.build(), props, WALL_CLOCK);
        triaged = driver.createInputTopic(Topics.FEEDBACK_TRIAGED.name(),
                Topics.FEEDBACK_TRIAGED.keySerde().serializer(), Topics.FEEDBACK_TRIAGED.valueSerde().serializer());
        lifecycle = driver.createInputTopic(Topics.FEEDBACK_LIFECYCLE.name(),
                Topics.FEEDBACK_LIFECYCLE.keySerde().serializer(), Topics.FEEDBACK_LIFECYCLE.valueSerde().serializer());
        kpis = driver.createOutputTopic(Topics.KPIS.name(),
                Topics.KPIS.keySerde().deserializer(), Topics.KPIS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldCountVolumePerCategoryPriorityAndChannel() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P1, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P3, FeedbackChannel.SLACK, RECEIVED.plusSeconds(1));
        pipeTriaged("fb-3", Category.QUESTION, Priority.P3, FeedbackChannel.SLACK, RECEIVED.plusSeconds(2));

        // when
        Map<String, Kpi> latest = kpis.readKeyValuesToMap();

        // then
        assertThat(value(latest, "volume", "all")).isEqualTo(3);
        assertThat(value(latest, "volume", "category=BUG")).isEqualTo(2);
        assertThat(value(latest, "volume", "category=QUESTION")).isEqualTo(1);
        assertThat(value(latest, "volume", "priority=P1")).isEqualTo(1);
        assertThat(value(latest, "volume", "priority=P3")).isEqualTo(2);
        assertThat(value(latest, "volume", "channel=API")).isEqualTo(1);
        assertThat(value(latest, "volume", "channel=SLACK")).isEqualTo(2);
        Kpi all = latest.get(Kpi.key(RELEASE, "volume", "all", Kpi.WHOLE_PERIOD));
        assertThat(all.unit()).isEqualTo("count");
        assertThat(all.count()).isEqualTo(3);
        assertThat(all.computedAt()).isEqualTo(WALL_CLOCK);
    }

    @Test
    void shouldNotCountARedeliveredTriagedRecordTwice() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        assertThat(kpis.readKeyValuesToMap()).hasSize(4);

        // when: triage's output redelivered (e.g. a replay)
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);

        // then: nothing changed, so nothing is published
        assertThat(kpis.isEmpty()).isTrue();
        assertThat(totals().get(Kpi.key(RELEASE, "volume", "all", Kpi.WHOLE_PERIOD)).count()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheFirstResponseOfTheItemAndTheMeanOfTheRelease() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        pipeTriaged("fb-2", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED.plusSeconds(10));
        kpis.readKeyValuesToMap();

        // when
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));
        pipeLifecycle(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(10 + 120)));
        pipeLifecycle(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(10 + 999)));

        // then
        Map<String, Kpi> latest = kpis.readKeyValuesToMap();
        Kpi item = latest.get(Kpi.key(RELEASE, "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD));
        assertThat(item.value()).isEqualTo(60_000.0);
        assertThat(item.count()).isEqualTo(1);
        assertThat(item.unit()).isEqualTo("ms");
        assertThat(value(latest, "first-response-ms", "item=fb-2")).isEqualTo(120_000.0);
        Kpi mean = latest.get(Kpi.key(RELEASE, "first-response-ms", "all", Kpi.WHOLE_PERIOD));
        assertThat(mean.value()).isEqualTo(90_000.0);
        assertThat(mean.count()).isEqualTo(2);
        assertThat(latest).doesNotContainKey(Kpi.key(RELEASE, "time-to-acknowledge-ms", "all", Kpi.WHOLE_PERIOD));
    }

    @Test
    void shouldPublishTimeToAcknowledgeWhenTheItemIsAcknowledged() {
        // given
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);
        kpis.readKeyValuesToMap();

        // when
        pipeLifecycle(event("fb-1", LifecycleType.ACKNOWLEDGED, RECEIVED.plusMillis(1_500)));

        // then
        Map<String, Kpi> latest = kpis.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys(
                Kpi.key(RELEASE, "time-to-acknowledge-ms", "item=fb-1", Kpi.WHOLE_PERIOD),
                Kpi.key(RELEASE, "time-to-acknowledge-ms", "all", Kpi.WHOLE_PERIOD));
        assertThat(latest.values()).allSatisfy(kpi -> assertThat(kpi.value()).isEqualTo(1_500.0));
    }

    @Test
    void shouldApplyALifecycleEventThatArrivedBeforeTheTriagedRecord() {
        // given: support responded while the item was still being triaged
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(30)));
        assertThat(kpis.isEmpty()).isTrue();

        // when
        pipeTriaged("fb-1", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED);

        // then
        Map<String, Kpi> latest = kpis.readKeyValuesToMap();
        assertThat(value(latest, "volume", "all")).isEqualTo(1);
        assertThat(value(latest, "first-response-ms", "item=fb-1")).isEqualTo(30_000.0);
        assertThat(value(latest, "first-response-ms", "all")).isEqualTo(30_000.0);
    }

    @Test
    void shouldKeepEveryPublishedKpiInTheKpiStoreUnderItsKey() {
        // given
        pipeTriaged("fb-1", Category.PRAISE, Priority.P4, FeedbackChannel.FORM, RECEIVED);
        pipeLifecycle(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(5)));

        // when
        Map<String, Kpi> published = kpis.readKeyValuesToMap();
        Map<String, KpiTotal> stored = totals();

        // then
        assertThat(stored.keySet()).isEqualTo(published.keySet());
        stored.forEach((key, total) -> assertThat(total.toKpi()).isEqualTo(published.get(key)));
    }

    private void pipeTriaged(String id, Category category, Priority priority, FeedbackChannel channel, Instant receivedAt) {
        TriagedFeedback record = triaged(id, RELEASE, category, priority, channel, receivedAt);
        triaged.pipeInput(id, record, record.triagedAt());
    }

    private void pipeLifecycle(LifecycleEvent event) {
        lifecycle.pipeInput(event.feedbackId(), event, event.receivedAt());
    }

    private Map<String, KpiTotal> totals() {
        KeyValueStore<String, ValueAndTimestamp<KpiTotal>> store = driver.getTimestampedKeyValueStore(MetricsTopology.KPI_STORE);
        Map<String, KpiTotal> totals = new TreeMap<>();
        try (var iterator = store.prefixScan(RELEASE + Kpi.SEPARATOR, new StringSerializer())) {
            iterator.forEachRemaining(entry -> totals.put(entry.key, entry.value.value()));
        }
        return totals;
    }

    private static double value(Map<String, Kpi> latest, String kpi, String dimension) {
        Kpi found = latest.get(Kpi.key(RELEASE, kpi, dimension, Kpi.WHOLE_PERIOD));
        assertThat(found).as("KPI %s %s", kpi, dimension).isNotNull();
        return found.value();
    }

    static final class TargetDirFactory implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "ttd-state")), "metrics-");
        }
    }
}
