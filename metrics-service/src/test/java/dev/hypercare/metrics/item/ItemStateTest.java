package dev.hypercare.metrics.item;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ItemStateTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");

    private final ItemState triagedItem = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED));

    @Test
    void shouldMeasureFirstResponseFromTheIngestReceiveTime() {
        // when
        ItemState state = triagedItem.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(90)));

        // then
        assertThat(state.firstResponseMs()).contains(90_000L);
        assertThat(state.timeToAcknowledgeMs()).isEmpty();
    }

    @Test
    void shouldKeepTheFirstResponseWhenASecondRespondedArrives() {
        // given
        ItemState responded = triagedItem.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)));

        // when
        ItemState state = responded.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(30)));

        // then
        assertThat(state.firstRespondedAt()).isEqualTo(RECEIVED.plusSeconds(60));
        assertThat(state.firstResponseMs()).contains(60_000L);
    }

    @Test
    void shouldIgnoreALifecycleEventWhoseIdWasAlreadyApplied() {
        // given
        LifecycleEvent reopened = event("ev-1", "fb-1", LifecycleType.REOPENED, RECEIVED.plusSeconds(10));
        ItemState once = triagedItem.apply(reopened);

        // when
        ItemState twice = once.apply(reopened);

        // then
        assertThat(twice).isEqualTo(once);
        assertThat(twice.reopenCount()).isEqualTo(1);
    }

    @Test
    void shouldHoldLifecycleEventsUntilTheTriagedRecordArrives() {
        // given
        ItemState waiting = ItemState.empty("fb-2")
                .apply(event("fb-2", LifecycleType.ACKNOWLEDGED, RECEIVED.plusSeconds(5)))
                .apply(event("fb-2", LifecycleType.RESPONDED, RECEIVED.plusSeconds(20)));
        assertThat(waiting.triaged()).isFalse();
        assertThat(waiting.pending()).hasSize(2);
        assertThat(waiting.firstResponseMs()).isEmpty();

        // when
        ItemState state = waiting.apply(triaged("fb-2", "2.0", RECEIVED));

        // then
        assertThat(state.pending()).isEmpty();
        assertThat(state.timeToAcknowledgeMs()).contains(5_000L);
        assertThat(state.firstResponseMs()).contains(20_000L);
        assertThat(state.appliedEventIds()).hasSize(2);
    }

    @Test
    void shouldIgnoreAPendingEventDeliveredTwiceBeforeTheTriagedRecord() {
        // given
        LifecycleEvent acknowledged = event("ev-9", "fb-3", LifecycleType.ACKNOWLEDGED, RECEIVED.plusSeconds(5));
        ItemState waiting = ItemState.empty("fb-3").apply(acknowledged);

        // when
        ItemState again = waiting.apply(acknowledged);

        // then
        assertThat(again.pending()).hasSize(1);
    }

    @Test
    void shouldCountAnEventWithAnImpossibleTimeAtItsReceiptInsteadOfOverflowing() {
        // given: events written past the ingest-service's check, one a billion years ahead (its milliseconds overflow a
        // long: that stopped the KPI processor for good) and one at a client's default date
        Instant receivedAt = RECEIVED.plusSeconds(60);
        LifecycleEvent future = new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-1", "fb-1", LifecycleType.ACKNOWLEDGED,
                "agent-7", Instant.parse("+999999999-12-31T23:59:59Z"), receivedAt, null, null);
        LifecycleEvent dotNetDefault = new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-2", "fb-1", LifecycleType.RESPONDED,
                "agent-7", Instant.parse("0001-01-01T00:00:00Z"), receivedAt.plusSeconds(60), null, null);

        // when
        ItemState state = triagedItem.apply(future).apply(dotNetDefault);

        // then: each counts when the ingest-service received it
        assertThat(state.timeToAcknowledgeMs()).contains(60_000L);
        assertThat(state.firstResponseMs()).contains(120_000L);
    }

    @Test
    void shouldHoldPendingEventsWithoutTheirNotesAndAtMostAHundred() {
        // given an item not triaged yet, and events with 600 KB notes (two once outgrew the changelog's 1 MB records)
        ItemState state = ItemState.empty("fb-9");
        for (int i = 0; i < 150; i++) {
            state = state.apply(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-" + i, "fb-9", LifecycleType.RESPONDED,
                    "agent-7", RECEIVED.plusSeconds(i), RECEIVED.plusSeconds(i), null, "n".repeat(600_000)));
        }

        // then
        assertThat(state.pending()).hasSize(100).allSatisfy(event -> assertThat(event.note()).isNull());
    }

    @Test
    void shouldExpireAPendingEventWithoutReceiveTimeAndAnImpossibleTimeWithoutOverflowing() {
        // given an event written straight onto the topic: no receive time, and a billion years ahead
        ItemState pending = ItemState.empty("fb-8").apply(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-1", "fb-8",
                LifecycleType.RESPONDED, "agent-7", Instant.parse("+999999999-12-31T23:59:59Z"), null, null, null));

        // when its expiry is indexed (by epoch milliseconds)
        Instant expiry = ItemRetention.defaults().expiresAt(pending);

        // then
        assertThat(expiry.toEpochMilli()).isPositive();
    }

    @Test
    void shouldKeepTheMostRecentThousandAppliedEventIds() {
        ItemState state = triagedItem;
        for (int i = 0; i < 1_500; i++) {
            state = state.apply(new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-" + i, "fb-1", LifecycleType.RESPONDED,
                    "agent-7", RECEIVED.plusSeconds(i), RECEIVED.plusSeconds(i), null, null));
        }

        assertThat(state.appliedEventIds()).hasSize(1_000).startsWith("e-500").endsWith("e-1499");
    }

    @Test
    void shouldFloorTimesAtZeroWhenAnEventPredatesTheReceipt() {
        // when: the agent's clock runs behind the ingest-service's
        ItemState state = triagedItem
                .apply(event("fb-1", LifecycleType.ACKNOWLEDGED, RECEIVED.minusSeconds(3)))
                .apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.minusMillis(1)));

        // then
        assertThat(state.timeToAcknowledgeMs()).contains(0L);
        assertThat(state.firstResponseMs()).contains(0L);
    }

    @Test
    void shouldKeepTheFirstReceiveTimeWhenTheTriagedRecordIsRedelivered() {
        // when
        ItemState state = triagedItem.apply(triaged("fb-1", "2.0", RECEIVED.plusSeconds(600)));

        // then
        assertThat(state).isEqualTo(triagedItem);
    }

    @Test
    void shouldTakeAResolutionWithoutAPriorResponseAsTheFirstResponse() {
        // when: resolved after 100 s with no RESPONDED, then reopened and answered
        ItemState resolved = triagedItem.apply(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(100)));
        ItemState reopened = resolved
                .apply(event("fb-1", LifecycleType.REOPENED, RECEIVED.plusSeconds(200)))
                .apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(300)));

        // then: the resolution answered the reporter; a reopen does not take that back
        assertThat(resolved.firstResponseMs()).contains(100_000L);
        assertThat(reopened.firstRespondedAt()).isEqualTo(RECEIVED.plusSeconds(100));
    }

    @Test
    void shouldCountTheResolutionOfAnOlderBuildsStateWithoutAResponseAsCompletingTheFirstResponse() {
        // given the state an earlier build kept: resolved, no first response
        ItemState resolved = triagedItem.apply(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(100)));
        ItemState older = new ItemState(resolved.feedbackId(), resolved.release(), resolved.category(), resolved.priority(),
                resolved.channel(), resolved.receivedAt(), resolved.acknowledgedAt(), null, resolved.resolvedAt(),
                resolved.reopenCount(), resolved.rating(), resolved.appliedEventIds(), resolved.pending(), resolved.sla(),
                resolved.slaRaised(), resolved.component(), resolved.outage(), resolved.issueId());

        // then its first-response target counts as completed at the resolution
        assertThat(older.completedAt(dev.hypercare.model.SlaEvent.Target.FIRST_RESPONSE)).isEqualTo(RECEIVED.plusSeconds(100));
    }

    @Test
    void shouldKeepAnEarlierResponseWhenTheItemIsResolved() {
        // when
        ItemState state = triagedItem
                .apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(60)))
                .apply(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(100)));

        // then
        assertThat(state.firstResponseMs()).contains(60_000L);
        assertThat(state.resolutionMs()).contains(100_000L);
    }

    @Test
    void shouldCountReopensAndClearTheResolution() {
        // when
        ItemState state = triagedItem
                .apply(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(100)))
                .apply(event("fb-1", LifecycleType.REOPENED, RECEIVED.plusSeconds(200)))
                .apply(event("fb-1", LifecycleType.RATED, RECEIVED.plusSeconds(300)));

        // then
        assertThat(state.resolvedAt()).isNull();
        assertThat(state.reopenCount()).isEqualTo(1);
        assertThat(state.rating()).isEqualTo(5);
    }

    @Test
    void shouldSurviveAJsonRoundTripAsTheStoreKeepsIt() {
        // given
        JsonSerde<ItemState> serde = new JsonSerde<>(ItemState.class);
        ItemState state = ItemState.empty("fb-4").apply(event("fb-4", LifecycleType.RESPONDED, RECEIVED));

        // when
        ItemState read = serde.fromBytes(serde.toBytes(state));

        // then
        assertThat(read).isEqualTo(state);
    }
}
