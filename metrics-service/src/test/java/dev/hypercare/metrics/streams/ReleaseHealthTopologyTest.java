package dev.hypercare.metrics.streams;

import static dev.hypercare.metrics.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.spikes.SpikeSettings;
import dev.hypercare.metrics.uptime.UptimeState;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Level;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
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
 * Volume spikes and uptime in the real topology, with explicit event times (receive times and record
 * timestamps) and the wall clock moved by the test along with them.
 */
class ReleaseHealthTopologyTest {

    private static final String RELEASE = "3.1";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    /** One-minute windows, 3x the baseline and at least 5 reports, end at 1.5x, after 2 warm-up windows. */
    private static final SpikeSettings SPIKES = new SpikeSettings(Duration.ofMinutes(1), 3.0, 5, 1.5, 2, 0.5,
            Duration.ofSeconds(5), Duration.ofSeconds(1));

    @TempDir(factory = MetricsTopologyTest.TargetDirFactory.class)
    Path stateDir;

    private TopologyTestDriver driver;
    private Instant wallClock;
    private TestInputTopic<String, TriagedFeedback> triaged;
    private TestInputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, Kpi> kpis;
    private TestOutputTopic<String, TriagedFeedback> p1;
    private final Map<String, Kpi> latest = new HashMap<>();
    private int seq;

    @BeforeEach
    void startDriver() {
        Properties props = DriverTopics.config("hypercare-metrics-health-test", stateDir);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        wallClock = Instant.parse("2025-03-01T09:00:00Z");
        driver = new TopologyTestDriver(MetricsTopology.build(MetricsSettings.defaults().withInMemoryStores().withSpikes(SPIKES),
                event -> { }), props, wallClock);
        triaged = DriverTopics.input(driver, Topics.FEEDBACK_TRIAGED);
        lifecycle = DriverTopics.input(driver, Topics.FEEDBACK_LIFECYCLE);
        kpis = DriverTopics.output(driver, Topics.KPIS);
        p1 = DriverTopics.output(driver, Topics.PRIORITY_P1);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- volume spikes ------------------------------------------------------------------------

    @Test
    void shouldRaiseOneP1AlertWhenAWindowExceedsTheBaselineByTheFactorAndHoldItWhileTheRateStaysHigh() {
        // given: two warm-up windows of 2 reports each (baseline 2 per minute)
        arrivals("checkout", T0, 2);
        arrivals("checkout", T0.plusSeconds(60), 2);

        // when: the third minute reaches 6 reports (= 3 x 2, not more)
        arrivals("checkout", T0.plusSeconds(120), 6);

        // then: no alert yet
        assertThat(p1.readRecordsToList()).isEmpty();

        // when: the 7th report of the minute arrives
        arrivals("checkout", T0.plusSeconds(150), 1);

        // then: one P1 alert, marked as a synthetic spike alert, explaining window, count, baseline and factor
        List<TestRecord<String, TriagedFeedback>> alerts = p1.readRecordsToList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("volume-spike:3.1|checkout|2025-03-01T10:02:00Z");
            TriagedFeedback value = alert.value();
            assertThat(value.feedbackId()).isEqualTo(alert.key());
            assertThat(value.priority()).isEqualTo(Priority.P1);
            assertThat(value.feedback().sourceApp()).isEqualTo("hypercare-metrics");
            assertThat(value.feedback().release()).isEqualTo(RELEASE);
            assertThat(value.decision().explanation().decidedBy()).isEqualTo("volume-spike:3.1|checkout");
            assertThat(value.decision().explanation().signals().get(0))
                    .contains("7 reports of component checkout", "PT1M window from 2025-03-01T10:02:00Z",
                            "baseline 2.00", "factor 3.0", "more than 6.00");
        });
        Kpi spike = readKpis().get(spikeKey("checkout"));
        assertThat(spike.value()).isEqualTo(1.0);
        assertThat(spike.count()).isEqualTo(1);
        assertThat(spike.details()).containsEntry("active", true).containsEntry("startedAt", "2025-03-01T10:02:30Z");

        // when: the spike goes on, in the same minute and the next
        arrivals("checkout", T0.plusSeconds(155), 5);
        arrivals("checkout", T0.plusSeconds(180), 8);

        // then: held, no second alert, no end
        assertThat(p1.readRecordsToList()).isEmpty();
        assertThat(readKpis()).doesNotContainKey(spikeKey("checkout"));
    }

    @Test
    void shouldEndTheSpikeWithTheFirstQuietWindowAndAlertAgainOnlyForANewSpike() {
        // given: a spike in the third minute
        arrivals("checkout", T0, 2);
        arrivals("checkout", T0.plusSeconds(60), 2);
        arrivals("checkout", T0.plusSeconds(120), 12);
        assertThat(p1.readRecordsToList()).hasSize(1);
        assertThat(readKpis().get(spikeKey("checkout")).value()).isEqualTo(1.0);

        // when: the fourth minute is still busy (8 > 1.5 x 2), the fifth is quiet (1 report)
        arrivals("checkout", T0.plusSeconds(180), 8);
        arrivals("checkout", T0.plusSeconds(250), 1);
        assertThat(readKpis().get(spikeKey("checkout"))).isNull(); // the fifth minute is not over yet
        clockTo(T0.plusSeconds(306)); // its end plus the 5 s grace: the wall clock completes it

        // then: ended at the end of the quiet minute, peak and count of spikes kept
        Kpi ended = readKpis().get(spikeKey("checkout"));
        assertThat(ended.value()).isEqualTo(0.0);
        assertThat(ended.count()).isEqualTo(1);
        assertThat(ended.details()).containsEntry("active", false).containsEntry("endedAt", "2025-03-01T10:05:00Z")
                .containsEntry("peak", 12).containsEntry("count", 7);
        assertThat(p1.readRecordsToList()).isEmpty();

        // when: a second burst later on
        arrivals("checkout", T0.plusSeconds(360), 12);

        // then: a second alert, for the new spike's window
        assertThat(p1.readRecordsToList()).singleElement()
                .satisfies(a -> assertThat(a.key()).isEqualTo("volume-spike:3.1|checkout|2025-03-01T10:06:00Z"));
        assertThat(readKpis().get(spikeKey("checkout")).count()).isEqualTo(2);
    }

    @Test
    void shouldEndASpikeOnTheWallClockWhenArrivalsStop() {
        // given: a spike in the third minute, then nobody reports anything
        arrivals("checkout", T0, 2);
        arrivals("checkout", T0.plusSeconds(60), 2);
        arrivals("checkout", T0.plusSeconds(120), 12);
        assertThat(readKpis().get(spikeKey("checkout")).value()).isEqualTo(1.0);

        // when: the wall clock passes the (empty) fourth minute and its grace
        clockTo(T0.plusSeconds(200));
        assertThat(readKpis()).doesNotContainKey(spikeKey("checkout"));
        clockTo(T0.plusSeconds(246));

        // then: the spike ended with that empty minute
        Kpi ended = readKpis().get(spikeKey("checkout"));
        assertThat(ended.value()).isEqualTo(0.0);
        assertThat(ended.details()).containsEntry("endedAt", "2025-03-01T10:04:00Z");
    }

    @Test
    void shouldNotCloseTheWindowsABacklogIsStillFillingNorAlertOnTheFirstLiveWindowAfterIt() {
        // given: the service comes back an hour after it stopped, and reads the hour's reports (2 a minute, the last
        // minute's arriving as it catches up) as a backlog, the wall-clock checks running while it does
        clockTo(T0.plus(Duration.ofMinutes(60)));
        for (int minute = 0; minute <= 60; minute++) {
            for (int i = 0; i < 2; i++) {
                pipe(item("fb-" + (++seq), "checkout", T0.plus(Duration.ofMinutes(minute)).plusSeconds(20 * i), false));
            }
            driver.advanceWallClockTime(Duration.ofMillis(500));
            wallClock = wallClock.plusMillis(500);
        }
        clockTo(wallClock.plusSeconds(15)); // caught up: idle since

        // when: the first live minute has 5 reports (over the minimum, not 3x the baseline of 2)
        arrivals("checkout", T0.plus(Duration.ofMinutes(61)), 5);
        clockTo(T0.plus(Duration.ofMinutes(62)).plusSeconds(6));

        // then: no spike; judged by the wall clock alone, the first check would have closed the backlog's 60 minutes as
        // empty (baseline ~0), the backlog's reports would have counted as late, and these 5 would have been a spike
        assertThat(p1.readRecordsToList()).isEmpty();
        assertThat(readKpis()).doesNotContainKey(spikeKey("checkout"));
    }

    @Test
    void shouldNeedTheMinimumCountAndAWarmBaselineBeforeAlerting() {
        // given: a burst in the very first minute: no baseline yet
        arrivals("search", T0, 9);
        // and a quiet component: 1 report a minute
        arrivals("billing", T0, 1);
        arrivals("billing", T0.plusSeconds(60), 1);
        arrivals("search", T0.plusSeconds(60), 9);

        // when: billing gets 4 reports in a minute: 4 x its baseline, but under the minimum of 5
        arrivals("billing", T0.plusSeconds(120), 4);

        // then: nothing
        assertThat(p1.readRecordsToList()).isEmpty();

        // when: the 5th
        arrivals("billing", T0.plusSeconds(150), 1);

        // then: billing spikes, search (9 a minute from the start) never did
        assertThat(p1.readRecordsToList()).singleElement()
                .satisfies(a -> assertThat(a.key()).startsWith("volume-spike:3.1|billing|"));
        assertThat(readKpis()).containsKey(spikeKey("billing")).doesNotContainKey(spikeKey("search"));
    }

    // ---- uptime -------------------------------------------------------------------------------

    @Test
    void shouldPublishUptimeAsTheShareOfThePeriodWithoutAnOpenOutageWithTheIntervals() {
        // given: the release's first item at 09:00 ...
        clockTo(Instant.parse("2025-03-01T09:00:00Z"));
        pipe(item("first", "search", Instant.parse("2025-03-01T09:00:00Z"), false));
        // ... two reports of a checkout outage at 10:00 and 10:10; support resolves the first at 11:00
        pipe(item("out-a", "checkout", Instant.parse("2025-03-01T10:00:00Z"), true));
        pipe(item("out-b", "checkout", Instant.parse("2025-03-01T10:10:00Z"), true));
        pipeLifecycle(event("out-a", LifecycleType.RESOLVED, Instant.parse("2025-03-01T11:00:00Z")));
        // ... and a search outage at 12:00, still open
        pipe(item("out-c", "search", Instant.parse("2025-03-01T12:00:00Z"), true));

        // when: the wall clock reaches 13:00
        clockTo(Instant.parse("2025-03-01T13:00:00Z"));

        // then: 2 h down in 4 h (the unresolved 10:10 report closed with its outage at 11:00)
        Kpi uptime = readKpis().get(uptimeKey());
        assertThat(uptime.value()).isCloseTo(50.0, within(0.001));
        assertThat(uptime.unit()).isEqualTo("percent");
        assertThat(uptime.count()).isEqualTo(2);
        assertThat(uptime.details()).containsEntry("periodStart", "2025-03-01T09:00:00Z")
                .containsEntry("downtimeMs", 7_200_000).containsEntry("outageOpen", true);
        List<Map<String, Object>> intervals = intervals(uptime);
        assertThat(intervals.get(0)).containsEntry("start", "2025-03-01T10:00:00Z").containsEntry("end", "2025-03-01T11:00:00Z")
                .containsEntry("open", false);
        assertThat(intervals.get(0).get("reports")).isEqualTo(List.of("out-a", "out-b"));
        assertThat(intervals.get(1)).containsEntry("start", "2025-03-01T12:00:00Z").containsEntry("open", true)
                .doesNotContainKey("end");

        // when: the search outage is resolved at 13:00, and the checkout report reopened at 14:00
        pipeLifecycle(event("out-c", LifecycleType.RESOLVED, Instant.parse("2025-03-01T13:00:00Z")));
        pipeLifecycle(event("out-a", LifecycleType.REOPENED, Instant.parse("2025-03-01T14:00:00Z")));
        clockTo(Instant.parse("2025-03-01T15:00:00Z"));

        // then: 3 h down in 6 h, the reopened outage open since the reopen
        uptime = readKpis().get(uptimeKey());
        assertThat(uptime.value()).isCloseTo(50.0, within(0.001));
        assertThat(intervals(uptime)).extracting(i -> i.get("start") + "-" + i.get("end"))
                .containsExactly("2025-03-01T10:00:00Z-2025-03-01T11:00:00Z", "2025-03-01T12:00:00Z-2025-03-01T13:00:00Z",
                        "2025-03-01T14:00:00Z-null");

        // when: it is resolved again at 15:00 and an hour passes
        pipeLifecycle(event("out-a", LifecycleType.RESOLVED, Instant.parse("2025-03-01T15:00:00Z")));
        clockTo(Instant.parse("2025-03-01T16:00:00Z"));

        // then: 3 h down in 7 h, nothing open
        uptime = readKpis().get(uptimeKey());
        assertThat(uptime.value()).isCloseTo(100.0 * 4 / 7, within(0.001));
        assertThat(uptime.details()).containsEntry("outageOpen", false);
    }

    @Test
    void shouldKeepFullUptimeForAReleaseWithoutOutagesAndDropAReportThatLostItsOutageFlag() {
        // given
        clockTo(Instant.parse("2025-03-01T09:00:00Z"));
        pipe(item("first", "search", Instant.parse("2025-03-01T09:00:00Z"), false));
        pipe(item("maybe", "search", Instant.parse("2025-03-01T09:30:00Z"), true));
        clockTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(readKpis().get(uptimeKey()).value()).isCloseTo(50.0, within(0.001));

        // when: triage re-decides the report without the OUTAGE flag
        pipe(item("maybe", "search", Instant.parse("2025-03-01T09:30:00Z"), false));
        clockTo(Instant.parse("2025-03-01T11:00:00Z"));

        // then
        Kpi uptime = readKpis().get(uptimeKey());
        assertThat(uptime.value()).isEqualTo(100.0);
        assertThat(uptime.count()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPublishABurstOfOutageReportsAsOneUptimeChangeWithinASecond() {
        // given: a release under way since 09:00, its uptime published
        clockTo(Instant.parse("2025-03-01T09:00:00Z"));
        pipe(item("first", "search", Instant.parse("2025-03-01T09:00:00Z"), false));
        clockTo(Instant.parse("2025-03-01T10:00:00Z"));
        kpis.readRecordsToList();

        // when: 50 users report the checkout outage within the same second
        for (int i = 0; i < 50; i++) {
            pipe(item("down-" + i, "checkout", Instant.parse("2025-03-01T10:00:00Z"), true));
        }

        // then: nothing yet; a second later, one uptime record with the outage open and all 50 reports counted in it
        assertThat(kpis.readRecordsToList()).noneMatch(r -> r.key().equals(uptimeKey()));
        clockTo(Instant.parse("2025-03-01T10:00:01Z"));
        List<Kpi> published = kpis.readRecordsToList().stream().filter(r -> r.key().equals(uptimeKey()))
                .map(TestRecord::value).toList();
        assertThat(published).singleElement().satisfies(uptime -> {
            assertThat(uptime.details()).containsEntry("outageOpen", true).containsEntry("downtimeMs", 1_000);
            assertThat(intervals(uptime)).singleElement().satisfies(interval ->
                    assertThat((List<Object>) interval.get("reports")).hasSize(20).contains("down-0"));
        });
    }

    @Test
    void shouldKeepEachOutageReportInItsOwnEntryNotInTheReleasesEntry() {
        // when: three outage reports of one release
        clockTo(Instant.parse("2025-03-01T09:00:00Z"));
        for (String id : List.of("out-a", "out-b", "out-c")) {
            pipe(item(id, "checkout", Instant.parse("2025-03-01T09:00:00Z"), true));
        }

        // then: the release's entry holds its period start only (an outage report does not read or rewrite the
        // others), and each report has its own entry
        UptimeState release = driver.<String, UptimeState>getKeyValueStore(MetricsTopology.UPTIME_STORE).get(RELEASE);
        assertThat(release.periodStart()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(release.reports()).isEmpty();
        KeyValueStore<String, UptimeState.OutageReport> reports = driver.getKeyValueStore(MetricsTopology.UPTIME_REPORT_STORE);
        assertThat(reports.approximateNumEntries()).isEqualTo(3);
        assertThat(reports.get(UptimeState.reportKey(RELEASE, "out-b")).group()).isEqualTo("component:checkout");
    }

    @Test
    void shouldCountTheOutageReportsAnEarlierBuildKeptInsideTheReleasesEntry() {
        // given: the release's entry as an earlier build wrote it, with an outage report open since 10:00
        clockTo(Instant.parse("2025-03-01T09:00:00Z"));
        UptimeState.OutageReport old = new UptimeState.OutageReport("old", "component:checkout",
                Instant.parse("2025-03-01T10:00:00Z"), List.of(new UptimeState.Segment(Instant.parse("2025-03-01T10:00:00Z"), null)));
        driver.<String, UptimeState>getKeyValueStore(MetricsTopology.UPTIME_STORE)
                .put(RELEASE, new UptimeState(RELEASE, Instant.parse("2025-03-01T09:00:00Z"), Map.of("old", old)));

        // when: this build takes a new outage report of another component at 11:00, and the clock reaches 12:00
        pipe(item("new", "search", Instant.parse("2025-03-01T11:00:00Z"), true));
        clockTo(Instant.parse("2025-03-01T12:00:00Z"));

        // then: both count (down since 10:00 of 3 h), and the old report moved to its own entry
        Kpi uptime = readKpis().get(uptimeKey());
        assertThat(uptime.value()).isCloseTo(100.0 / 3, within(0.001));
        assertThat(intervals(uptime)).singleElement().satisfies(interval ->
                assertThat(interval.get("reports")).isEqualTo(List.of("old", "new")));
        assertThat(driver.<String, UptimeState>getKeyValueStore(MetricsTopology.UPTIME_STORE).get(RELEASE).reports()).isEmpty();
        assertThat(driver.<String, UptimeState.OutageReport>getKeyValueStore(MetricsTopology.UPTIME_REPORT_STORE)
                .get(UptimeState.reportKey(RELEASE, "old"))).isEqualTo(old);
    }

    @Test
    void shouldKeepCountingAComponentNamedWithABrokenEmoji() {
        // given: a component cut in the middle of an emoji (a lone surrogate): a JSON field name in the spike and
        // uptime stores, which Jackson cannot read back; once it stopped the metrics-service on every restart
        String broken = "pay \uD83D";

        // when: it is reported as down, then often enough to be a spike
        pipe(item("fb-outage", broken, T0, true));
        arrivals(broken, T0, 2);
        arrivals(broken, T0.plusSeconds(60), 2);
        arrivals(broken, T0.plusSeconds(120), 8); // baseline 2.5 a minute with the outage report: 8 > 3 x 2.5

        // then: the topology kept running, under the repaired name
        assertThat(p1.readRecordsToList()).singleElement()
                .satisfies(alert -> assertThat(alert.key()).isEqualTo("volume-spike:3.1|pay \uFFFD|2025-03-01T10:02:00Z"));
        assertThat(readKpis().get(spikeKey("pay \uFFFD")).value()).isEqualTo(1.0);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** {@code n} reports of a component, received {@code at}, the wall clock following. */
    private void arrivals(String component, Instant at, int n) {
        clockTo(at);
        for (int i = 0; i < n; i++) {
            pipe(item("fb-" + (++seq), component, at, false));
        }
    }

    private void pipe(TriagedFeedback item) {
        triaged.pipeInput(item.feedbackId(), item, item.feedback().receivedAt());
    }

    private void pipeLifecycle(LifecycleEvent event) {
        clockTo(event.occurredAt());
        lifecycle.pipeInput(event.feedbackId(), event, event.receivedAt());
    }

    private void clockTo(Instant t) {
        if (t.isAfter(wallClock)) {
            driver.advanceWallClockTime(Duration.between(wallClock, t));
            wallClock = t;
        }
    }

    private static TriagedFeedback item(String id, String component, Instant receivedAt, boolean outage) {
        RawFeedback raw = new RawFeedback(RawFeedback.SCHEMA_VERSION, id, receivedAt, "shop-app", RELEASE,
                FeedbackChannel.API, null, outage ? "Checkout is down" : "Checkout is slow", component, null, null, null, null);
        TriageDecision decision = new TriageDecision(Category.BUG, outage ? Set.of(Flag.OUTAGE) : Set.of(),
                outage ? Level.HIGH : Level.MEDIUM, outage ? Level.HIGH : Level.MEDIUM, outage ? Priority.P1 : Priority.P3,
                1.0, false, new TriageDecision.Explanation("rule:test", "1", List.of(), "test"));
        return TriagedFeedback.of(raw, decision, receivedAt.plusMillis(50));
    }

    private Map<String, Kpi> readKpis() {
        Map<String, Kpi> read = new HashMap<>();
        kpis.readRecordsToList().forEach(r -> read.put(r.key(), r.value()));
        latest.putAll(read);
        return read;
    }

    private static String spikeKey(String component) {
        return Kpi.key(RELEASE, "volume-spike", "component=" + component, Kpi.WHOLE_PERIOD);
    }

    private static String uptimeKey() {
        return Kpi.key(RELEASE, "uptime", "all", Kpi.WHOLE_PERIOD);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> intervals(Kpi uptime) {
        return (List<Map<String, Object>>) uptime.details().get("intervals");
    }
}
