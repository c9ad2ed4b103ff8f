package dev.hypercare.ingest.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedbackMapperTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T10:15:30.123Z");

    @Test
    void shouldKeepEveryClientFieldAndStampServerIdAndReceiveTime() {
        // given
        var submission = new FeedbackSubmission("shop-web", "2.4.0", FeedbackChannel.FORM, "Checkout", "Pay button does nothing",
                "checkout", "ana@example.com", 12, "client-42", Instant.parse("2025-03-01T10:14:00Z"));

        // when
        RawFeedback raw = FeedbackMapper.toRawFeedback(submission, "id-1", RECEIVED);

        // then
        assertThat(raw).isEqualTo(new RawFeedback(RawFeedback.SCHEMA_VERSION, "id-1", RECEIVED, "shop-web", "2.4.0",
                FeedbackChannel.FORM, "Checkout", "Pay button does nothing", "checkout", "ana@example.com", 12,
                "client-42", Instant.parse("2025-03-01T10:14:00Z")));
    }

    @Test
    void shouldDefaultTheChannelToApiWhenTheClientGivesNone() {
        // given
        var submission = new FeedbackSubmission("shop-web", "2.4.0", null, null, "text", null, null, null, null, null);

        // when
        RawFeedback raw = FeedbackMapper.toRawFeedback(submission, "id-2", RECEIVED);

        // then
        assertThat(raw.channel()).isEqualTo(FeedbackChannel.API);
        assertThat(raw.title()).isNull();
        assertThat(raw.affectedUsers()).isNull();
    }

    @Test
    void shouldTrimTheNamesThatDownstreamServicesGroupBy() {
        // given: release and source app are KPI dimensions; stray blanks would split a release in two
        var submission = new FeedbackSubmission(" shop-web ", "2.4.0\n", null, null, "  text kept as is ", null, null, null, null, null);

        // when
        RawFeedback raw = FeedbackMapper.toRawFeedback(submission, "id-3", RECEIVED);

        // then
        assertThat(raw.sourceApp()).isEqualTo("shop-web");
        assertThat(raw.release()).isEqualTo("2.4.0");
        assertThat(raw.text()).isEqualTo("  text kept as is ");
    }
}
