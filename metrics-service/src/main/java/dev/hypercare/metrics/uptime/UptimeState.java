package dev.hypercare.metrics.uptime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.spikes.ReleaseSpikes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a release's uptime is computed from (the value of {@code uptime-store}, keyed by release): when its
 * hypercare period started (the earliest receive time of its items) and its outage reports, each with
 * the intervals it was open in.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UptimeState(String release, Instant periodStart, Map<String, OutageReport> reports) {

    public UptimeState {
        reports = reports == null ? new TreeMap<>() : new TreeMap<>(reports);
    }

    public static UptimeState empty(String release) {
        return new UptimeState(release, null, Map.of());
    }

    /**
     * One item flagged OUTAGE.
     *
     * @param group    its outage group: {@code issue:<issueId>} when triage named its issue group, else
     *                 {@code component:<component>} (reports of one component are one outage)
     * @param segments when it was open: from its receive time to its resolution, and again from a reopen
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OutageReport(String feedbackId, String group, Instant receivedAt, List<Segment> segments) {
        public OutageReport {
            segments = segments == null ? List.of() : List.copyOf(segments);
        }
    }

    /** @param to null while open */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(Instant from, Instant to) {
    }

    /** The period starts with the release's first item. */
    public UptimeState withArrival(Instant receivedAt) {
        if (receivedAt == null || (periodStart != null && !receivedAt.isBefore(periodStart))) {
            return this;
        }
        return new UptimeState(release, receivedAt, reports);
    }

    /** Takes one outage signal in: a new report, its resolution, its reopening, or the loss of its flag. */
    public UptimeState apply(ReleaseSignal signal) {
        UptimeState state = withArrival(signal.receivedAt());
        Map<String, OutageReport> next = new TreeMap<>(state.reports);
        if (!signal.outage()) {
            next.remove(signal.feedbackId()); // re-triaged without the flag: it never was an outage
            return new UptimeState(release, state.periodStart, next);
        }
        String group = signal.issueId() != null ? "issue:" + signal.issueId()
                : "component:" + ReleaseSpikes.componentOf(signal.component());
        OutageReport known = next.get(signal.feedbackId());
        List<Segment> segments = new ArrayList<>();
        Instant received = signal.receivedAt();
        if (known == null) {
            segments.add(new Segment(received, closing(received, signal.resolvedAt())));
        } else {
            segments.addAll(known.segments());
            Segment last = segments.get(segments.size() - 1);
            if (signal.resolvedAt() != null) {
                // resolved, or resolved again at another time: the latest resolution closes the last opening
                segments.set(segments.size() - 1, new Segment(last.from(), closing(last.from(), signal.resolvedAt())));
            } else if (last.to() != null) {
                // reopened: open again from the reopen, the resolved time in between stays up
                Instant at = signal.at() != null && signal.at().isAfter(last.to()) ? signal.at() : last.to();
                segments.add(new Segment(at, null));
            }
        }
        next.put(signal.feedbackId(), new OutageReport(signal.feedbackId(), group, received, segments));
        return new UptimeState(release, state.periodStart, next);
    }

    private static Instant closing(Instant from, Instant resolvedAt) {
        return resolvedAt == null ? null : resolvedAt.isBefore(from) ? from : resolvedAt;
    }
}
