package dev.hypercare.triage.streams;

import static dev.hypercare.triage.TestFeedback.withAffectedUsers;
import static dev.hypercare.triage.TestFeedback.withComponent;
import static dev.hypercare.triage.TestFeedback.withText;
import static dev.hypercare.triage.TestFeedback.withoutRelease;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.DeadLetters;
import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Flag;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.rules.Categoriser;
import dev.hypercare.triage.rules.LivePolicyTest;
import dev.hypercare.triage.rules.RuleSetLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real triage topology, driven record by record with explicit event times. */
class TriageTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:05Z");
    private static final Duration DEDUP_WINDOW = Duration.ofDays(7);
    private static final JsonSerde<RawFeedback> RAW = new JsonSerde<>(RawFeedback.class);

    private final TriageMetrics metrics = TriageMetrics.inMemory();
    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, TriagedFeedback> triaged;
    private final Map<Priority, TestOutputTopic<String, TriagedFeedback>> byPriority = new EnumMap<>(Priority.class);
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, IssueGroup> issues;
    private TestInputTopic<String, byte[]> rules;

    @BeforeEach
    void startDriver() {
        topology = new TriageTopology(TestPolicies.live(), TestPolicies.enricher(), new Categoriser(ClassifierModels.loadDefault()),
                new TriageTopology.Settings(DEDUP_WINDOW, Duration.ofDays(14), 2000), metrics).build();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        driver = new TopologyTestDriver(topology, config);
        raw = driver.createInputTopic(Topics.FEEDBACK_RAW.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        triaged = output(Topics.FEEDBACK_TRIAGED);
        for (Priority priority : Priority.values()) {
            byPriority.put(priority, output(Topics.forPriority(priority)));
        }
        deadLetters = output(Topics.DEADLETTER);
        issues = output(Topics.ISSUES);
        rules = driver.createInputTopic(Topics.TRIAGE_RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private void send(RawFeedback feedback, Instant at) {
        raw.pipeInput(feedback.feedbackId().getBytes(StandardCharsets.UTF_8), RAW.toBytes(feedback), at);
    }

    @Test
    void shouldTriageAnOutageAsP1OnTheTriagedAndP1TopicsWithItsExplanation() {
        // given
        RawFeedback outage = withText("Checkout is down for everyone, we get 500 errors");

        // when
        send(outage, T0);

        // then
        TestRecord<String, TriagedFeedback> record = byPriority.get(Priority.P1).readRecord();
        assertThat(record.key()).isEqualTo(outage.feedbackId());
        TriagedFeedback item = record.value();
        assertThat(item.priority()).isEqualTo(Priority.P1);
        assertThat(item.triagedAt()).isEqualTo(T0);
        assertThat(item.feedback()).isEqualTo(outage);
        assertThat(item.decision().category()).isEqualTo(Category.BUG);
        assertThat(item.decision().flags()).contains(Flag.OUTAGE);
        assertThat(item.decision().impact()).isEqualTo(Level.HIGH);
        assertThat(item.decision().urgency()).isEqualTo(Level.HIGH);
        assertThat(item.decision().confidence()).isEqualTo(1.0);
        assertThat(item.decision().explanation().decidedBy()).isEqualTo("rule:outage");
        assertThat(item.decision().explanation().rulesVersion()).isEqualTo(RuleSetLoader.defaults().version());
        assertThat(item.decision().explanation().matrixCell()).isEqualTo("HIGH x HIGH -> P1");
        assertThat(item.decision().explanation().signals())
                .anySatisfy(s -> assertThat(s).contains("-> BUG, OUTAGE"))
                .contains("flag OUTAGE -> impact HIGH");

        assertThat(triaged.readKeyValue().value).isEqualTo(item);
        assertThat(byPriority.get(Priority.P2).isEmpty()).isTrue();
        assertThat(byPriority.get(Priority.P3).isEmpty()).isTrue();
        assertThat(byPriority.get(Priority.P4).isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldTriagePraiseAsP4() {
        // given
        RawFeedback praise = withText("Love the new dashboard, great job!");

        // when
        send(praise, T0);

        // then
        TriagedFeedback item = byPriority.get(Priority.P4).readValue();
        assertThat(item.feedbackId()).isEqualTo(praise.feedbackId());
        assertThat(item.decision().category()).isEqualTo(Category.PRAISE);
        assertThat(item.decision().explanation().matrixCell()).isEqualTo("LOW x LOW -> P4");
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();
    }

    @Test
    void shouldRaisePriorityWithTheNumberOfAffectedUsers() {
        // given a plain bug that hits 250 users: impact HIGH x urgency MEDIUM
        RawFeedback bug = withAffectedUsers(withText("The export button crashes the page"), 250);

        // when
        send(bug, T0);

        // then
        TriagedFeedback item = byPriority.get(Priority.P2).readValue();
        assertThat(item.decision().explanation().signals()).contains("affectedUsers=250 -> impact HIGH");
    }

    @Test
    void shouldDeadLetterUnparseableBytesUntouchedAndKeepProcessing() {
        // given bytes that are not JSON, with a header that must survive
        byte[] key = "not-json-key".getBytes(StandardCharsets.UTF_8);
        byte[] garbage = {'{', 'o', 'o', 'p', 's', (byte) 0xFF};
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        // when the garbage and then a good record arrive
        raw.pipeInput(new TestRecord<>(key, garbage, headers, T0));
        RawFeedback good = withText("Love it");
        send(good, T0.plusSeconds(1));

        // then the garbage is on the dead-letter topic byte for byte, with the reason
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.REASON)).startsWith("unparseable");
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.EXCEPTION)).contains("SerializationException");
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.FEEDBACK_RAW.name());
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.SERVICE)).isEqualTo("triage-service");
        assertThat(DeadLetters.get(dead.headers(), "traceparent")).isEqualTo("00-abc-def-01");
        // and the stream went on
        assertThat(triaged.readValue().feedbackId()).isEqualTo(good.feedbackId());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterARecordMissingRequiredFieldsAndKeepProcessing() {
        // given a well-formed record without its release
        RawFeedback incomplete = withoutRelease(withText("Checkout is down"));
        byte[] original = RAW.toBytes(incomplete);

        // when
        raw.pipeInput(incomplete.feedbackId().getBytes(StandardCharsets.UTF_8), original, T0);
        RawFeedback good = withText("Checkout is down for everyone");
        send(good, T0.plusSeconds(1));

        // then
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(original);
        assertThat(DeadLetters.get(dead.headers(), DeadLetters.REASON)).isEqualTo("missing-required-fields: release");
        assertThat(byPriority.get(Priority.P1).readValue().feedbackId()).isEqualTo(good.feedbackId());
        assertThat(triaged.readValuesToList()).extracting(TriagedFeedback::feedbackId).containsExactly(good.feedbackId());
    }

    @Test
    void shouldDeadLetterARecordOutsideTheTopicsContractThatWouldStopAServiceDownstream() {
        // given records only a producer writing the topic directly can make, each of which once stopped the
        // metrics-service for good: a component past its store's string encoding, a release read as a KPI key's
        // window, a receive time whose milliseconds overflow
        RawFeedback base = withText("Checkout is down");
        List<RawFeedback> bad = List.of(
                withComponent(base, "c".repeat(70_000)),
                new RawFeedback(1, UUID.randomUUID().toString(), base.receivedAt(), "shop-web", "x|volume|all|day:zz",
                        FeedbackChannel.API, null, "Checkout is down", null, null, null, null, null),
                new RawFeedback(1, UUID.randomUUID().toString(), Instant.parse("+999999999-12-31T23:59:59Z"), "shop-web", "2025.3.0",
                        FeedbackChannel.API, null, "Checkout is down", null, null, null, null, null));

        // when
        for (RawFeedback record : bad) {
            raw.pipeInput(record.feedbackId().getBytes(StandardCharsets.UTF_8), RAW.toBytes(record), T0);
        }
        RawFeedback good = withText("Checkout is down for everyone");
        send(good, T0.plusSeconds(1));

        // then each is dead-lettered naming its field, and what follows is triaged
        assertThat(deadLetters.readRecordsToList()).extracting(dead -> DeadLetters.get(dead.headers(), DeadLetters.REASON))
                .containsExactly("invalid-fields: component", "invalid-fields: release", "invalid-fields: receivedAt");
        assertThat(triaged.readValuesToList()).extracting(TriagedFeedback::feedbackId).containsExactly(good.feedbackId());
    }

    @Test
    void shouldDeadLetterARecordNotKeyedByItsFeedbackId() {
        // given
        RawFeedback feedback = withText("Love it");

        // when
        raw.pipeInput("some-other-key".getBytes(StandardCharsets.UTF_8), RAW.toBytes(feedback), T0);

        // then
        assertThat(DeadLetters.get(deadLetters.readRecord().headers(), DeadLetters.REASON)).startsWith("key-mismatch");
        assertThat(triaged.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterARecordWithoutAKey() {
        // given: valid feedback, produced without a key (a console producer without one)
        RawFeedback feedback = withText("Checkout is down");

        // when
        raw.pipeInput((byte[]) null, RAW.toBytes(feedback), T0);

        // then: refused with the reason, not triaged in a partition its id does not hash to
        assertThat(DeadLetters.get(deadLetters.readRecord().headers(), DeadLetters.REASON))
                .isEqualTo("key-mismatch: no key; the key must be the feedbackId " + feedback.feedbackId());
        assertThat(triaged.isEmpty()).isTrue();
    }

    @Test
    void shouldDropASecondRecordWithAnAlreadyTriagedFeedbackIdWithinTheWindow() {
        // given
        RawFeedback feedback = withText("Checkout is down");
        send(feedback, T0);

        // when the same item arrives again a day later
        send(feedback, T0.plus(Duration.ofDays(1)));

        // then it is triaged once
        assertThat(triaged.readValuesToList()).hasSize(1);
        assertThat(byPriority.get(Priority.P1).readValuesToList()).hasSize(1);
    }

    @Test
    void shouldTriageTheSameFeedbackIdAgainOnceTheWindowHasPassed() {
        // given
        RawFeedback feedback = withText("Checkout is down");
        send(feedback, T0);

        // when the same id comes back after the de-duplication window
        Instant later = T0.plus(DEDUP_WINDOW).plus(Duration.ofDays(1));
        send(feedback, later);

        // then
        assertThat(triaged.readValuesToList()).extracting(TriagedFeedback::triagedAt).containsExactly(T0, later);
    }

    @Test
    void shouldKeepTheTriageOfEachItemQueryableByFeedbackId() {
        // given
        RawFeedback outage = withText("Checkout is down for everyone, we get 500 errors");
        RawFeedback praise = withText("Merci pour la nouvelle version, bravo !");

        // when
        send(outage, T0);
        send(praise, T0.plusSeconds(1));

        // then
        assertThat(latestTriage(outage.feedbackId()).priority()).isEqualTo(Priority.P1);
        assertThat(latestTriage(praise.feedbackId()).priority()).isEqualTo(Priority.P4);
        assertThat(latestTriage("unknown")).isNull();
    }

    @Test
    void shouldStillRememberAnItemNearTheEndOfTheWindowWhileOtherItemsMoveStreamTimeOn() {
        // given an item, then others over six days (stream time moves on)
        RawFeedback first = withText("Checkout is down");
        send(first, T0);
        for (int day = 1; day <= 6; day++) {
            send(withText("Search is slow on day " + day), T0.plus(Duration.ofDays(day)));
        }

        // when the first item comes again just within the window
        send(first, T0.plus(DEDUP_WINDOW).minusSeconds(1));

        // then it is still known: queryable, and the repeat is dropped
        assertThat(latestTriage(first.feedbackId()).triagedAt()).isEqualTo(T0);
        assertThat(triaged.readValuesToList()).extracting(TriagedFeedback::feedbackId).filteredOn(first.feedbackId()::equals)
                .hasSize(1);
    }

    @Test
    void shouldForgetTriagedItemsOnceStreamTimeIsPastTheWindowSoTheStoreStaysBounded() {
        // given items triaged at T0
        RawFeedback first = withText("Checkout is down");
        RawFeedback second = withText("Login fails with error 500");
        send(first, T0);
        send(second, T0.plusSeconds(1));

        // when stream time passes the window and the store's segment (retention 7 days; segments of half that)
        Instant later = T0.plus(DEDUP_WINDOW).plus(DEDUP_WINDOW.dividedBy(2)).plus(Duration.ofDays(1));
        RawFeedback recent = withText("Search is slow");
        send(recent, later);

        // then only the recent item is left: the old ones are not answered any more, and the store holds one entry
        assertThat(latestTriage(first.feedbackId())).isNull();
        assertThat(latestTriage(second.feedbackId())).isNull();
        assertThat(latestTriage(recent.feedbackId()).triagedAt()).isEqualTo(later);
        WindowStore<String, TriagedFeedback> store = driver.getWindowStore(TriageTopology.TRIAGED_STORE);
        try (var all = store.all()) {
            assertThat(all).toIterable().extracting(entry -> entry.key.key()).containsExactly(recent.feedbackId());
        }
    }

    @Test
    void shouldAnswerTheLatestTriageOfAnIdTriagedAgainAfterTheWindow() {
        // given an item triaged, then again after the window (both within the store's retention of the second)
        RawFeedback feedback = withText("Checkout is down");
        send(feedback, T0);
        Instant again = T0.plus(DEDUP_WINDOW).plusSeconds(1);
        send(feedback, again);

        // then the query answers the second triage
        assertThat(latestTriage(feedback.feedbackId()).triagedAt()).isEqualTo(again);
    }

    /** What {@code GET /api/v1/triage/{id}} answers: the latest triage of the id in the triaged store, or null. */
    private TriagedFeedback latestTriage(String feedbackId) {
        WindowStore<String, TriagedFeedback> store = driver.getWindowStore(TriageTopology.TRIAGED_STORE);
        try (var it = store.backwardFetch(feedbackId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    @Test
    void shouldNameEveryProcessorSinkAndStore() {
        // Generated names (KSTREAM-MAPVALUES-0000000004) change when steps are added, which would
        // rename internal topics and orphan state; every node must carry a chosen name.
        String description = topology.describe().toString();

        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(description).contains(TriageTopology.PARSE, TriageTopology.DEDUPLICATE, TriageTopology.CATEGORISE,
                TriageTopology.ASSESS, TriageTopology.PRIORITISE, TriageTopology.TRIAGED_SINK,
                TriageTopology.prioritySinkName(Priority.P1), TriageTopology.DEAD_LETTER_SINK,
                TriageTopology.TRIAGED_STORE);
        // exactly one repartition, named: the recurring-issue grouping by app and release
        assertThat(description).contains("issue-grouping-repartition", TriageTopology.GROUP_ISSUES, TriageTopology.ISSUE_STORE,
                TriageTopology.RULES_STORE, TriageTopology.ISSUES_SINK, TriageTopology.ALERT_SINK);
        // the global rules store's source and processor, by the names the constants give
        assertThat(description).contains("Source: " + TriageTopology.RULES_SOURCE + " (topics: [" + Topics.TRIAGE_RULES.name() + "])",
                "Processor: " + TriageTopology.RULES_PROCESSOR + " (stores: [" + TriageTopology.RULES_STORE + "])");
        assertThat(java.util.regex.Pattern.compile("[\\w.-]*repartition[\\w.-]*").matcher(description).results()
                .map(java.util.regex.MatchResult::group).distinct())
                .allSatisfy(name -> assertThat(name).startsWith("issue-grouping-repartition"));
    }

    @Test
    void shouldCountDeadLettersDuplicatesDecisionsAndEscalationsInTheMetrics() {
        // given
        RawFeedback outage = withText("Checkout is down for everyone");

        // when a bad record, an item, its duplicate and a praise arrive
        raw.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), "{oops".getBytes(StandardCharsets.UTF_8), null, T0));
        send(outage, T0);
        send(outage, T0.plusSeconds(1));
        send(withText("Love it, great job"), T0.plusSeconds(2));

        // then
        var registry = metrics.registry();
        assertThat(registry.get("hypercare.triage.dead.letters").tag("reason", "unparseable").counter().count()).isEqualTo(1);
        assertThat(registry.get("hypercare.triage.duplicates").counter().count()).isEqualTo(1);
        assertThat(registry.get("hypercare.triage.decisions").tags("category", "BUG", "priority", "P1", "decided_by", "rule:outage")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("hypercare.triage.decisions").tag("category", "PRAISE").counter().count()).isEqualTo(1);
        assertThat(registry.get("hypercare.triage.issue.groups.created").counter().count()).isEqualTo(1);
    }

    // --- live rules ---

    private void publishRules(String json, Instant at) {
        rules.pipeInput(TestPolicies.DOCUMENT, json == null ? null : json.getBytes(StandardCharsets.UTF_8), at);
    }

    @Test
    void shouldApplyANewRulesVersionFromTheRulesTopicToTheNextRecordWithoutRestart() {
        // given the shipped rules do not know "blank screen" on checkout
        send(withText("The checkout page shows a blank screen"), T0);
        assertThat(triaged.readValue().decision().explanation().rulesVersion()).isEqualTo(RuleSetLoader.defaults().version());

        // when ops publish a new version that makes checkout problems outages, with a stricter matrix
        publishRules(LivePolicyTest.NEW_RULES, T0.plusSeconds(1));
        RawFeedback again = withText("The checkout page shows a blank screen");
        send(again, T0.plusSeconds(2));

        // then the very next record is triaged with it
        TriagedFeedback item = byPriority.get(Priority.P2).readValue();
        assertThat(item.feedbackId()).isEqualTo(again.feedbackId());
        assertThat(item.decision().explanation().rulesVersion()).isEqualTo("2025.2-ops");
        assertThat(item.decision().explanation().decidedBy()).isEqualTo("rule:checkout-p1");
        assertThat(item.decision().explanation().matrixCell()).isEqualTo("HIGH x HIGH -> P2");
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(TriageTopology.RULES_STORE);
        assertThat(new String(store.get(TestPolicies.DOCUMENT), StandardCharsets.UTF_8)).contains("2025.2-ops");
    }

    @Test
    void shouldKeepThePreviousRulesInForceWhenAnInvalidVersionIsPublished() {
        // given
        publishRules(LivePolicyTest.NEW_RULES, T0);

        // when a broken version follows
        publishRules("{ \"version\": \"2025.3-broken\", \"rules\": [ { \"id\": \"x\", \"when\": { \"patterns\": [\"(\"] },"
                + " \"then\": { \"category\": \"BUG\" } } ] }", T0.plusSeconds(1));
        send(withText("The checkout page shows a blank screen"), T0.plusSeconds(2));

        // then the last valid version still decides, and the store kept it
        TriagedFeedback item = triaged.readValue();
        assertThat(item.decision().explanation().rulesVersion()).isEqualTo("2025.2-ops");
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(TriageTopology.RULES_STORE);
        assertThat(new String(store.get(TestPolicies.DOCUMENT), StandardCharsets.UTF_8)).contains("2025.2-ops");
    }

    @Test
    void shouldTriageAnItemOnWhichAPublishedPatternGivesUpByTheOtherRulesAndCountIt() {
        // given ops published a rule whose two patterns are quadratic: fine on short texts, hours on a long run of letters
        publishRules("""
                { "version": "2025.4-slow",
                  "rules": [ { "id": "slow", "when": { "patterns": ["(a+)+$", "(a+)+b$"] }, "then": { "category": "BUG", "flags": ["OUTAGE"] } },
                             { "id": "checkout", "when": { "keywords": ["checkout"] }, "then": { "category": "BUG" } } ] }
                """, T0);

        // when an item carries such a run
        send(withText("The checkout hangs: " + "a".repeat(30_000) + "!"), T0.plusSeconds(1));

        // then it is triaged by the other rule, says which pattern gave up, and the metric counts the item once
        TriagedFeedback item = triaged.readValue();
        assertThat(item.decision().explanation().decidedBy()).isEqualTo("rule:checkout");
        assertThat(item.decision().flags()).isEmpty();
        assertThat(item.decision().explanation().signals())
                .anySatisfy(signal -> assertThat(signal).startsWith("pattern gave up: pattern /(a+)+$/ of rule slow"))
                .anySatisfy(signal -> assertThat(signal).startsWith("pattern gave up: pattern /(a+)+b$/ of rule slow"));
        assertThat(metrics.registry().get("hypercare.triage.rules.gave.up.items").counter().count()).isEqualTo(1);
    }

    // --- replay ---

    @Test
    void shouldWriteToSuffixedTopicsAndIgnoreTheRulesTopicWhenBuiltForAReplay() {
        // given the topology of a replay with its own rules file (no live rules) and its own outputs
        Topology replay = new TriageTopology(TestPolicies.live(), TestPolicies.enricher(), new Categoriser(null),
                new TriageTopology.Settings(DEDUP_WINDOW, Duration.ofDays(14), 2000, ".replay-march", false),
                TriageMetrics.inMemory()).build();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "hypercare-triage-replay-march");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        try (TopologyTestDriver replayDriver = new TopologyTestDriver(replay, config)) {
            RawFeedback outage = withText("Checkout is down for everyone");

            // when
            replayDriver.createInputTopic(Topics.FEEDBACK_RAW.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())
                    .pipeInput(outage.feedbackId().getBytes(StandardCharsets.UTF_8), RAW.toBytes(outage), T0);

            // then the decision lands on the replay's topics only
            assertThat(replayDriver.createOutputTopic(Topics.PRIORITY_P1.name() + ".replay-march", Serdes.String().deserializer(),
                    Topics.PRIORITY_P1.valueSerde().deserializer()).readValue().feedbackId()).isEqualTo(outage.feedbackId());
            assertThat(replayDriver.producedTopicNames()).allSatisfy(name -> assertThat(name).satisfiesAnyOf(
                    n -> assertThat(n).endsWith(".replay-march"), n -> assertThat(n).startsWith("hypercare-triage-replay-march-")));
            assertThat(replay.describe().globalStores()).isEmpty();
        }
    }

    @Test
    void shouldKeepAReplayIntoTheLiveTopicsGroupsAndEscalationAlertsOnItsOwnTopics() {
        // given a replay into the live topics (--same-output): its issue groups start empty at its start time
        Topology replay = new TriageTopology(TestPolicies.live(), TestPolicies.enricher(), new Categoriser(null),
                new TriageTopology.Settings(DEDUP_WINDOW, Duration.ofDays(14), 2000, "", false, null, ".replay-model-v2"),
                TriageMetrics.inMemory()).build();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "hypercare-triage-replay-model-v2");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        try (TopologyTestDriver replayDriver = new TopologyTestDriver(replay, config)) {
            var input = replayDriver.createInputTopic(Topics.FEEDBACK_RAW.name(), Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());

            // when it re-triages ten similar reports within ten minutes (an escalation of their group)
            for (int i = 0; i < 10; i++) {
                RawFeedback report = report(i, "2025.3.0");
                input.pipeInput(report.feedbackId().getBytes(StandardCharsets.UTF_8), RAW.toBytes(report), T0.plus(Duration.ofMinutes(i)));
            }

            // then the decisions go to the live topics, the group and its alert to the replay's own
            assertThat(replayDriver.createOutputTopic(Topics.FEEDBACK_TRIAGED.name(), Serdes.String().deserializer(),
                    Topics.FEEDBACK_TRIAGED.valueSerde().deserializer()).readValuesToList()).hasSize(10);
            assertThat(replayDriver.producedTopicNames()).contains(Topics.ISSUES.name() + ".replay-model-v2")
                    .doesNotContain(Topics.ISSUES.name());
            assertThat(replayDriver.createOutputTopic(Topics.PRIORITY_P1.name() + ".replay-model-v2", Serdes.String().deserializer(),
                    Topics.PRIORITY_P1.valueSerde().deserializer()).readValuesToList()).singleElement()
                    .satisfies(alert -> assertThat(alert.decision().explanation().decidedBy()).startsWith("escalation:"));
            assertThat(replayDriver.producedTopicNames()).doesNotContain(Topics.PRIORITY_P1.name());
        }
    }

    // --- classifier ---

    @Test
    void shouldLetTheShippedClassifierCategoriseWhatNoRuleDecidedAndNameItsVersion() {
        // given a feature wish no rule phrase covers
        RawFeedback wish = withText("Dark mode for the reports page, and an export of the charts as CSV files");

        // when
        send(wish, T0);

        // then
        TriagedFeedback item = triaged.readValue();
        assertThat(item.decision().explanation().decidedBy()).isEqualTo("model:" + ClassifierModels.loadDefault().version());
        assertThat(item.decision().confidence()).isBetween(0.0, 1.0);
        assertThat(item.decision().needsReview()).isEqualTo(item.decision().confidence() < 0.6);
        assertThat(item.decision().explanation().signals()).anySatisfy(s -> assertThat(s).startsWith("no category rule matched; model "));
    }

    // --- enrichment ---

    @Test
    void shouldRecordLanguageAndSentimentOfEveryItem() {
        // given
        RawFeedback angryFrench = withText("Application nulle, elle plante tout le temps depuis la mise à jour, je suis très déçu");
        RawFeedback happyEnglish = withText("Love the new dashboard, great job, thank you!");

        // when
        send(angryFrench, T0);
        send(happyEnglish, T0.plusSeconds(1));

        // then
        TriagedFeedback french = triaged.readValue();
        assertThat(french.decision().language()).isEqualTo("fr");
        assertThat(french.decision().sentiment()).isLessThan(-0.5);
        assertThat(french.decision().explanation().signals()).contains("language fr");
        TriagedFeedback english = triaged.readValue();
        assertThat(english.decision().language()).isEqualTo("en");
        assertThat(english.decision().sentiment()).isGreaterThan(0.5);
    }

    // --- recurring issues and escalation ---

    private static RawFeedback report(int i, String release) {
        RawFeedback f = withText("The PDF export crashes when I download invoice number " + i + " from the billing page");
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), release, f.channel(), f.title(),
                f.text(), f.component(), f.reporter(), f.affectedUsers(), f.clientId(), f.clientTimestamp());
    }

    @Test
    void shouldEscalateAGrowingGroupOnceFromP3ToP2AndOnceFromP2ToP1() {
        // given nine similar P3 bug reports within nine minutes: no alert yet
        for (int i = 0; i < 9; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(i)));
        }
        assertThat(byPriority.get(Priority.P3).readValuesToList()).hasSize(9);
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();

        // when the tenth arrives within the 15 minutes
        RawFeedback tenth = report(9, "2025.3.0");
        send(tenth, T0.plus(Duration.ofMinutes(9)));

        // then one alert, P2, on the P1 topic, speaking for the group
        TriagedFeedback alert = byPriority.get(Priority.P1).readValue();
        assertThat(alert.feedbackId()).isEqualTo(tenth.feedbackId());
        assertThat(alert.priority()).isEqualTo(Priority.P2);
        assertThat(alert.decision().issueId()).startsWith("issue-");
        assertThat(alert.decision().explanation().decidedBy()).isEqualTo("escalation:" + alert.decision().issueId());
        assertThat(alert.decision().explanation().signals().get(0)).contains("escalated P3 -> P2");
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();

        // when ten more arrive within the next 15 minutes: one more alert, now P1
        for (int i = 10; i < 20; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(i)));
        }
        List<TriagedFeedback> alerts = byPriority.get(Priority.P1).readValuesToList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).priority()).isEqualTo(Priority.P1);

        // and a group already at P1 raises no further alert however it grows
        for (int i = 20; i < 35; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(20)).plusSeconds(i));
        }
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();

        // and the compacted issues topic holds the group's latest state
        Map<String, IssueGroup> groups = issues.readKeyValuesToMap();
        assertThat(groups).hasSize(1);
        IssueGroup group = groups.get(alert.decision().issueId());
        assertThat(group.count()).isEqualTo(35);
        assertThat(group.priority()).isEqualTo(Priority.P1);
        assertThat(group.firstSeen()).isEqualTo(T0);
        assertThat(group.sampleIds()).hasSize(10);
        assertThat(group.representativeText()).contains("PDF export crashes");
    }

    @Test
    void shouldWriteAGroupsUpdatesInTimeOrderWhenItsReportsArriveOutOfReceiveOrder() {
        // given a report received at T0 + 10 s, then a similar one received earlier, at T0 (another ingest replica)
        send(report(1, "2025.3.0"), T0.plusSeconds(10));
        send(report(2, "2025.3.0"), T0);

        // then both updates of the one group carry its last-seen time: the table's readers see no update go back
        List<TestRecord<String, IssueGroup>> updates = issues.readRecordsToList();
        assertThat(updates).hasSize(2).extracting(TestRecord::key).containsOnly(updates.get(0).key());
        assertThat(updates).extracting(TestRecord::getRecordTime).containsExactly(T0.plusSeconds(10), T0.plusSeconds(10));
        assertThat(updates.get(1).value().count()).isEqualTo(2);
        assertThat(updates.get(1).value().firstSeen()).isEqualTo(T0);
    }

    @Test
    void shouldNotEscalateWhenSimilarReportsAreSpreadOverMoreThanTheWindow() {
        // given ten similar reports, five minutes apart: never ten within 15 minutes
        for (int i = 0; i < 10; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(5L * i)));
        }

        // then
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();
        IssueGroup group = issues.readKeyValuesToMap().values().iterator().next();
        assertThat(group.count()).isEqualTo(10);
        assertThat(group.priority()).isEqualTo(Priority.P3);
    }

    @Test
    void shouldNotEscalateWhenALateReportIsOlderThanTheWindowOfTheOthers() {
        // given nine similar reports received an hour after T0, within nine minutes
        for (int i = 0; i < 9; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(60 + i)));
        }

        // when a tenth, received at T0, arrives late (its partition catching up)
        send(report(9, "2025.3.0"), T0);

        // then it joins the group but the ten span 68 minutes: no escalation
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();
        Map<String, IssueGroup> groups = issues.readKeyValuesToMap();
        assertThat(groups).hasSize(1);
        assertThat(groups.values().iterator().next().count()).isEqualTo(10);
        assertThat(groups.values().iterator().next().priority()).isEqualTo(Priority.P3);
    }

    @Test
    void shouldEscalateAGroupAWishStartedWhenDefectReportsOfTheSameThingPileUp() {
        // given a wish about the PDF export of invoices, then ten reports of it crashing within ten minutes
        send(withText("Please add a PDF export for invoice number 77 on the billing page"), T0);
        for (int i = 0; i < 10; i++) {
            send(report(i, "2025.3.0"), T0.plus(Duration.ofMinutes(1 + i)));
        }

        // then they form one group, and the defect reports escalate it (the wish does not count towards it)
        Map<String, IssueGroup> groups = issues.readKeyValuesToMap();
        assertThat(groups).hasSize(1);
        assertThat(groups.values().iterator().next().count()).isEqualTo(11);
        assertThat(byPriority.get(Priority.P1).readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.decision().explanation().signals().get(0)).contains("escalated P3 -> P2"));
    }

    @Test
    void shouldRetireAGroupNoReportJoinedForTwiceTheHorizonFromTheStoreButNotFromTheIssuesTopic() {
        // given a group of two similar reports at T0, and later an unrelated report 20 days on (within twice the 14 days)
        send(report(1, "2025.3.0"), T0);
        send(report(2, "2025.3.0"), T0.plusSeconds(60));
        send(withText("I cannot log in with my company account, the password reset link is broken"), T0.plus(Duration.ofDays(20)));
        Map<String, IssueGroup> published = issues.readKeyValuesToMap();
        String old = published.values().stream().filter(g -> g.count() == 2).findFirst().orElseThrow().issueId();
        String login = published.values().stream().filter(g -> g.representativeText().contains("log in")).findFirst()
                .orElseThrow().issueId();
        KeyValueStore<String, ?> store = driver.getKeyValueStore(TriageTopology.ISSUE_STORE);
        assertThat(keys(store)).anyMatch(key -> key.endsWith("|" + old));

        // when stream time passes twice the horizon after the group's last report
        send(withText("The dark mode makes the invoice table unreadable on my phone"), T0.plus(Duration.ofDays(29)));

        // then the group left the store, the others stay; the issues topic gets no tombstone, so its last state stays
        assertThat(keys(store)).noneMatch(key -> key.endsWith("|" + old)).anyMatch(key -> key.endsWith("|" + login));
        assertThat(issues.readKeyValuesToMap()).doesNotContainKey(old);
        // and it left the task's memory: a late report received two minutes after the group's last one, which would
        // have joined it (within the horizon of its time), starts a new group
        send(report(3, "2025.3.0"), T0.plusSeconds(180));
        assertThat(issues.readKeyValuesToMap().values()).filteredOn(g -> g.representativeText().contains("number 3"))
                .singleElement().satisfies(g -> {
                    assertThat(g.issueId()).isNotEqualTo(old);
                    assertThat(g.count()).isEqualTo(1);
                });
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldGroupButNeverEscalateABurstOfFeatureRequests() {
        // given twelve similar wishes within twelve minutes
        for (int i = 0; i < 12; i++) {
            send(withText("Please add an option to export the monthly report as CSV, request " + i), T0.plus(Duration.ofMinutes(i)));
        }

        // then one group, no alert
        assertThat(byPriority.get(Priority.P1).isEmpty()).isTrue();
        IssueGroup group = issues.readKeyValuesToMap().values().iterator().next();
        assertThat(group.category()).isEqualTo(Category.FEATURE_REQUEST);
        assertThat(group.count()).isEqualTo(12);
        assertThat(group.priority()).isEqualTo(Priority.P4);
    }

    @Test
    void shouldKeepGroupsOfDifferentReleasesAndUnrelatedProblemsApart() {
        // when
        send(report(1, "2025.3.0"), T0);
        send(report(2, "2025.4.0"), T0.plusSeconds(1));
        send(withText("I cannot log in with my company account, the password reset link is broken"), T0.plusSeconds(2));
        send(withText("Love it"), T0.plusSeconds(3));

        // then three groups; praise makes none
        Map<String, IssueGroup> groups = issues.readKeyValuesToMap();
        assertThat(groups.values()).extracting(IssueGroup::release).containsExactlyInAnyOrder("2025.3.0", "2025.4.0", "2025.3.0");
        assertThat(groups.values()).allSatisfy(g -> assertThat(g.count()).isEqualTo(1));
    }
}
