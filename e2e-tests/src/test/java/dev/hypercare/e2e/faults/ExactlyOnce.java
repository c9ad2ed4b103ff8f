package dev.hypercare.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery promise every fault test checks after its run: every event was accepted once,
 * nothing accepted is missing or doubled on the triaged and priority topics, and the release's
 * volume KPI counts every item once. One place, so the fault tests cannot drift apart.
 */
final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /**
     * @param events     events the run submitted
     * @param idempotent whether retries reused the event's idempotency key
     * @param logs       where to look when an assertion fails
     */
    static void assertHeld(DeliveryAudit.Report report, int events, boolean idempotent, String logs) {
        assertThat(report.accepted()).as("distinct ids accepted (every event is retried until accepted)").isEqualTo(events);
        assertThat(report.other5xx()).as("5xx other than 503; " + logs).isZero();
        assertThat(report.other4xx()).as("valid feedback refused with a 4xx").isZero();
        assertThat(report.lost()).as("accepted ids missing from the triaged topic; " + logs).isZero();
        assertThat(report.duplicatedTriaged()).as("accepted ids more than once on the triaged topic").isZero();
        assertThat(report.missingFromPriority()).as("accepted ids on no priority topic; " + logs).isZero();
        assertThat(report.duplicatedPriority()).as("accepted ids routed more than once to the priority topics").isZero();
        assertThat(report.duplicatedAlerts()).as("ids with more than one escalation alert").isZero();
        if (idempotent) {
            // A replayed key yields the same id: an unacknowledged record and its retry are one item.
            assertThat(report.unacknowledgedPresent()).as("items no 202 announced, with idempotent retries").isZero();
        } else {
            // Without keys every attempt is its own item, so no id may reach the raw topic twice.
            assertThat(report.duplicatedRaw()).as("ids more than once on the raw topic").isZero();
        }
        assertThat(report.unknownPresent()).as("triaged records no attempt of this run explains").isZero();
        assertThat(report.kpiVolume()).as("KPI volume|all of the release; " + logs)
                .isEqualTo(report.accepted() + report.unacknowledgedPresent());
    }
}
