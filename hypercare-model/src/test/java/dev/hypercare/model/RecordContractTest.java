package dev.hypercare.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What readers refuse from a producer that writes the topics directly (each once stopped a service downstream). */
class RecordContractTest {

    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    private static RawFeedback raw(String release, String component, Instant receivedAt) {
        return new RawFeedback(1, "f-1", receivedAt, "shop", release, FeedbackChannel.API, null, "text", component,
                "enc:v1:" + "x".repeat(400), null, null, null);
    }

    @Test
    void shouldAcceptWhatTheIngestServiceWritesAnEncryptedReporterIncluded() {
        assertThat(raw("2.4.0", "checkout", NOW.minusSeconds(5)).invalidFields(NOW)).isEmpty();
        assertThat(raw("2.4.0", "c".repeat(200), NOW.plus(java.time.Duration.ofDays(1))).invalidFields(NOW)).isEmpty();
    }

    @Test
    void shouldNameLongKeyPartsAPipeAndImpossibleReceiveTimes() {
        assertThat(raw("2.4|0", "c".repeat(201), NOW).invalidFields(NOW)).containsExactly("release", "component");
        RawFeedback huge = new RawFeedback(1, "f-1", NOW, "shop", "2.4.0", FeedbackChannel.API, "t".repeat(20_001), "x".repeat(100_001),
                null, null, null, null, null);
        assertThat(huge.invalidFields(NOW)).containsExactly("title", "text");
        RawFeedback hugeContact = new RawFeedback(1, "f-1", NOW, "shop", "2.4.0", FeedbackChannel.API, null, "text", null,
                "enc:v1:" + "r".repeat(2_000), null, "c".repeat(2_001), null);
        assertThat(hugeContact.invalidFields(NOW)).containsExactly("reporter", "clientId");
        assertThat(raw("2.4.0", null, Instant.parse("+999999999-12-31T23:59:59Z")).invalidFields(NOW)).containsExactly("receivedAt");
        assertThat(raw("2.4.0", null, Instant.parse("1970-01-01T00:00:00Z")).invalidFields(NOW)).containsExactly("receivedAt");
        assertThat(raw("2.4.0", null, NOW.plus(RawFeedback.MAX_AHEAD).plusSeconds(1)).invalidFields(NOW)).containsExactly("receivedAt");
    }

    @Test
    void shouldNameALifecycleEventsLongIdsAndImpossibleReceiveTime() {
        LifecycleEvent event = new LifecycleEvent(1, "e".repeat(70_000), "f-1", LifecycleType.ACKNOWLEDGED, "ops", null,
                Instant.parse("-999999999-01-01T00:00:00Z"), null, null);

        assertThat(event.invalidFields(NOW)).containsExactly("eventId", "receivedAt");
    }

    @Test
    void shouldCountALifecycleEventAtItsReceiptWhenItsOwnTimeIsImpossible() {
        LifecycleEvent future = new LifecycleEvent(1, "e-1", "f-1", LifecycleType.RESOLVED, "ops",
                Instant.parse("+999999999-12-31T23:59:59Z"), NOW, null, null);
        LifecycleEvent skewed = new LifecycleEvent(1, "e-2", "f-1", LifecycleType.RESOLVED, "ops", NOW.plusSeconds(60), NOW, null, null);

        assertThat(future.effectiveAt()).isEqualTo(NOW);
        assertThat(skewed.effectiveAt()).isEqualTo(NOW.plusSeconds(60));
    }
}
