package dev.hypercare.metrics.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.model.Priority;
import dev.hypercare.model.SlaEvent;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The {@code sla-policy} document of the live rules topic, over the configured policy. */
class LiveSlaPolicyTest {

    /** A Friday, 16:30 in Paris (15:30 UTC). */
    private static final Instant FRIDAY_1630_PARIS = Instant.parse("2025-03-07T15:30:00Z");

    private final LiveSlaPolicy live = new LiveSlaPolicy(SlaPolicy.defaults());

    @Test
    void shouldTakeABusinessHoursCalendarFromTheLiveDocument() throws Exception {
        // given
        JsonNode document = json("""
                {"targets": {"P3": {"firstResponse": "PT1H"}},
                 "businessHours": {"zone": "Europe/Paris", "opens": "09:00", "closes": "17:00",
                                   "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]}}""");

        // when
        SlaPolicy policy = live.current(document);

        // then: 30 min on Friday, 30 min on Monday morning, local time
        assertThat(policy.calendar().enabled()).isTrue();
        assertThat(policy.calendar().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(policy.calendar().days()).doesNotContain(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(policy.deadlines(Priority.P3, FRIDAY_1630_PARIS).dueAt(SlaEvent.Target.FIRST_RESPONSE))
                .isEqualTo(Instant.parse("2025-03-10T08:30:00Z"));
        assertThat(policy.target(Priority.P3, SlaEvent.Target.RESOLUTION)).isEqualTo(Duration.ofDays(3));
        assertThat(live.lastRejection()).isNull();
    }

    @Test
    void shouldRejectAnInvalidDocumentWithTheReasonAndKeepThePolicyInForce() throws Exception {
        // given: a valid version in force
        SlaPolicy inForce = live.current(json("""
                {"targets": {"P1": {"firstResponse": "PT10M"}}, "warnAt": 0.75}"""));

        // when / then: each invalid version is rejected, the valid one stays
        assertThat(live.current(json("""
                {"targets": {"P1": {"firstResponse": "ten minutes"}}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("P1.firstResponse must be a positive ISO-8601 duration");
        assertThat(live.current(json("""
                {"targets": {"P1": {"firstResponse": "PT5M"}}, "warnAt": 1.5}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("strictly between 0 and 1");
        assertThat(live.current(json("""
                {"businesHours": {"enabled": true}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("unknown field businesHours");
        assertThat(live.current(json("""
                {"businessHours": {"zone": "Mars/Olympus"}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("Mars/Olympus");
        assertThat(live.current(json("""
                {"businessHours": {"opens": "18:00", "closes": "09:00"}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("open before they close");
        // a target whose milliseconds overflow (ERROR on the next item, on every restart), one that business hours would
        // walk for ever, and a NaN warning share (a string: the document's own check)
        assertThat(live.current(json("""
                {"targets": {"P4": {"firstResponse": "PT9999999999999999S"}}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("P4: an SLA target must be at most PT8760H");
        assertThat(live.current(json("""
                {"targets": {"P4": {"resolution": "PT999999999999H"}}, "businessHours": {"enabled": true}}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("P4: an SLA target must be at most PT8760H");
        assertThat(live.current(json("""
                {"warnAt": "NaN"}"""))).isEqualTo(inForce);
        assertThat(live.lastRejection()).contains("warnAt must be a number between 0 and 1");
        assertThat(inForce.target(Priority.P1, SlaEvent.Target.FIRST_RESPONSE)).isEqualTo(Duration.ofMinutes(10));

        // and a tombstone returns to the configuration
        assertThat(live.current(null)).isEqualTo(SlaPolicy.defaults());
    }

    @Test
    void shouldRefuseANaNWarningShareInThePolicyItself() {
        // the configuration reaches the constructor without the document's own checks; every comparison with NaN is false
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SlaPolicy(java.util.Map.of(), Double.NaN, BusinessCalendar.ALWAYS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly between 0 and 1: NaN");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }
}
