package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.rated;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.DeadLetters;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.item.ItemEvents;
import dev.hypercare.metrics.item.ItemInputParser;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.TriagedFeedback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records on the triaged and lifecycle topics that the item state cannot use (written by a misbehaving producer: the
 * services' own records are valid) go to the dead-letter topic byte for byte with their reason, and the items'
 * state and KPIs are as if they had never been sent.
 */
class ItemInputDeadLetterTopologyTest {

    private static final String RELEASE = "3.1";
    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final String TRIAGED = Topics.FEEDBACK_TRIAGED.name();
    private static final String LIFECYCLE = Topics.FEEDBACK_LIFECYCLE.name();

    /** One record written straight to an input topic, and the reason its dead letter must start with. */
    private record Sent(String topic, String key, String value, String reason) {
    }

    @TempDir(factory = MetricsTopologyTest.TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, TriagedFeedback> triaged;
    private TestInputTopic<String, LifecycleEvent> lifecycle;
    private TestInputTopic<String, byte[]> triagedBytes;
    private TestInputTopic<String, byte[]> lifecycleBytes;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private final List<String> counted = new ArrayList<>();

    @BeforeEach
    void startDriver() {
        Properties props = DriverTopics.config("hypercare-metrics-dead-letter-test", stateDir);
        ItemEvents events = new ItemEvents() {
            @Override
            public void deadLettered(String input, String reason) {
                counted.add(input + ":" + reason);
            }
        };
        driver = new TopologyTestDriver(MetricsTopology.build(MetricsSettings.defaults().withInMemoryStores(), event -> { }, events),
                props, RECEIVED);
        triaged = DriverTopics.input(driver, Topics.FEEDBACK_TRIAGED);
        lifecycle = DriverTopics.input(driver, Topics.FEEDBACK_LIFECYCLE);
        triagedBytes = driver.createInputTopic(Topics.FEEDBACK_TRIAGED.name(), new StringSerializer(), new ByteArraySerializer());
        lifecycleBytes = driver.createInputTopic(Topics.FEEDBACK_LIFECYCLE.name(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = DriverTopics.output(driver, Topics.DEADLETTER);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDeadLetterEveryUnusableInputRecordByteForByteWithItsReasonAndLeaveTheItemsAsIfItWasNeverSent() throws Exception {
        // given an item, triaged and rated 4
        TriagedFeedback item = triaged("fb-1", RELEASE, RECEIVED);
        triaged.pipeInput("fb-1", item, RECEIVED);
        lifecycle.pipeInput("fb-1", rated("fb-1", 4, RECEIVED.plusSeconds(60)), RECEIVED.plusSeconds(60));
        ItemState before = item("fb-1");
        assertThat(before.rating()).isEqualTo(4);

        // when unusable records arrive on both inputs, each with the reason it must be refused for
        String ratedNinetyNine = Json.mapper().writeValueAsString(rated("fb-1", 99, RECEIVED.plusSeconds(90)));
        String otherItemsRating = Json.mapper().writeValueAsString(rated("fb-1", 1, RECEIVED.plusSeconds(95)));
        String noRelease = Json.mapper().writeValueAsString(triaged("fb-1", " ", RECEIVED));
        // Each of the next three once stopped the metrics-service for good: a release read as a KPI key's window, a
        // 70,000-character id past the store's string encoding, a receive time whose milliseconds overflow.
        String pipeInRelease = Json.mapper().writeValueAsString(triaged("fb-1", "x|volume|all|day:zz", RECEIVED));
        String longId = "f".repeat(70_000);
        String hugeTopLevelId = Json.mapper().writeValueAsString(triaged("fb-1", RELEASE, RECEIVED))
                .replaceFirst("\"feedbackId\":\"fb-1\"", "\"feedbackId\":\"" + longId + "\"");
        String hugeEventId = Json.mapper().writeValueAsString(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e".repeat(70_000),
                "fb-1", LifecycleType.ACKNOWLEDGED, "agent-7", RECEIVED.plusSeconds(90), RECEIVED.plusSeconds(90), null, null));
        String farFuture = Json.mapper().writeValueAsString(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-far", "fb-1",
                LifecycleType.ACKNOWLEDGED, "agent-7", null, Instant.parse("+999999999-12-31T23:59:59Z"), null, null));
        List<Sent> sent = List.of(
                new Sent(TRIAGED, "fb-1", "not json", "unparseable"),
                new Sent(TRIAGED, "fb-1", null, "empty-value"),
                new Sent(TRIAGED, "fb-1", "{}", "invalid-fields: feedbackId, feedback.release, priority, decision.category"),
                new Sent(TRIAGED, "fb-1", noRelease, "invalid-fields: feedback.release"),
                new Sent(TRIAGED, "fb-1", pipeInRelease, "invalid-fields: feedback.release"),
                new Sent(TRIAGED, longId, hugeTopLevelId, "invalid-fields: feedbackId"),
                new Sent(LIFECYCLE, "fb-1", "[1,2]", "unparseable"),
                new Sent(LIFECYCLE, "fb-1", ratedNinetyNine, "invalid-fields: rating"),
                new Sent(LIFECYCLE, "fb-1", hugeEventId, "invalid-fields: eventId"),
                new Sent(LIFECYCLE, "fb-1", farFuture, "invalid-fields: receivedAt"),
                new Sent(LIFECYCLE, "fb-1", "{\"feedbackId\":\"fb-1\",\"occurredAt\":\"2025-03-01T09:02:00Z\"}", "invalid-fields: type"),
                new Sent(LIFECYCLE, "fb-2", otherItemsRating, "key-mismatch: key is not the feedbackId fb-1"),
                new Sent(LIFECYCLE, null, otherItemsRating, "key-mismatch: no key; the key must be the feedbackId fb-1"));
        for (Sent record : sent) {
            byte[] value = record.value() == null ? null : record.value().getBytes(StandardCharsets.UTF_8);
            (record.topic().equals(TRIAGED) ? triagedBytes : lifecycleBytes).pipeInput(record.key(), value, RECEIVED.plusSeconds(120));
        }

        // then each is on the dead-letter topic with its own key and value bytes, its reason, source and the service
        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Sent record = sent.get(i);
            TestRecord<byte[], byte[]> letter = letters.get(i);
            assertThat(letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8)).as(record.reason())
                    .isEqualTo(record.key());
            assertThat(letter.value() == null ? null : new String(letter.value(), StandardCharsets.UTF_8)).as(record.reason())
                    .isEqualTo(record.value());
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.REASON)).as(record.reason()).startsWith(record.reason());
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.SOURCE_TOPIC)).as(record.reason()).isEqualTo(record.topic());
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.SOURCE_OFFSET)).as(record.reason()).isNotNull();
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.SERVICE)).isEqualTo(ItemInputParser.SERVICE);
        }
        // and counted for Prometheus by input and the reason's kind
        assertThat(counted).containsExactly("triaged:unparseable", "triaged:empty-value", "triaged:invalid-fields",
                "triaged:invalid-fields", "triaged:invalid-fields", "triaged:invalid-fields", "lifecycle:unparseable", "lifecycle:invalid-fields",
                "lifecycle:invalid-fields", "lifecycle:invalid-fields", "lifecycle:invalid-fields",
                "lifecycle:key-mismatch", "lifecycle:key-mismatch");
        // and the items are as before: no rating of 99, no second item under the wrong key
        assertThat(item("fb-1")).isEqualTo(before);
        assertThat(item("fb-2")).isNull();
    }

    @Test
    void shouldStillApplyAValidRecordThatFollowsAnUnusableOne() {
        // given
        triagedBytes.pipeInput("fb-1", "{".getBytes(StandardCharsets.UTF_8), RECEIVED);

        // when
        triaged.pipeInput("fb-1", triaged("fb-1", RELEASE, RECEIVED), RECEIVED);

        // then
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
        assertThat(item("fb-1").triaged()).isTrue();
        assertThat(item("fb-1").release()).isEqualTo(RELEASE);
    }

    private ItemState item(String id) {
        KeyValueStore<String, ItemState> store = driver.getKeyValueStore(MetricsTopology.ITEM_STATE_STORE);
        return store.get(id);
    }
}
