package dev.hypercare.metrics.uptime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.spikes.ReleaseSpikes;
import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a release's uptime is computed from: when its hypercare period started (the earliest receive time of its
 * items; the value of {@code uptime-store}, keyed by release) and its outage reports, each with the intervals it
 * was open in (one entry each in {@code uptime-report-store}, keyed by {@link #reportKey}; {@link #read} puts the
 * two together). Earlier builds kept the reports inside the release's entry, which every outage
 * report then read and wrote whole; such an entry is still read, and its reports moved out on its next change.
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
        OutageReport report = next(next.get(signal.feedbackId()), signal);
        if (report == null) {
            next.remove(signal.feedbackId());
        } else {
            next.put(signal.feedbackId(), report);
        }
        return new UptimeState(release, state.periodStart, next);
    }

    /**
     * One report after an outage signal of its item: {@code known} (null for a new report) with the signal taken
     * in, or null when the item lost its OUTAGE flag (re-triaged without it: it never was an outage).
     */
    public static OutageReport next(OutageReport known, ReleaseSignal signal) {
        if (!signal.outage()) {
            return null;
        }
        String group = signal.issueId() != null ? "issue:" + signal.issueId()
                : "component:" + ReleaseSpikes.componentOf(signal.component());
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
        return new OutageReport(signal.feedbackId(), group, received, segments);
    }

    /** This state without its reports: the period start, as {@code uptime-store} keeps it since reports have a store of their own. */
    public UptimeState withoutReports() {
        return reports.isEmpty() ? this : new UptimeState(release, periodStart, Map.of());
    }

    /** The key of a report in {@code uptime-report-store}: release, separator, feedback id (a release holds no separator). */
    public static String reportKey(String release, String feedbackId) {
        return release + Kpi.SEPARATOR + feedbackId;
    }

    /**
     * A release's whole state: its period start from {@code uptime-store} and its outage reports from
     * {@code uptime-report-store} (one entry each, read by the release's key prefix), over any reports an earlier
     * version kept inside the release's entry and not yet moved; null when the release is unknown.
     */
    public static UptimeState read(String release, ReadOnlyKeyValueStore<String, UptimeState> states,
                                   ReadOnlyKeyValueStore<String, OutageReport> reports) {
        UptimeState state = states.get(release);
        Map<String, OutageReport> all = new TreeMap<>(state == null ? Map.of() : state.reports());
        try (KeyValueIterator<String, OutageReport> iterator = reports.prefixScan(release + Kpi.SEPARATOR, new StringSerializer())) {
            iterator.forEachRemaining(entry -> all.put(entry.value.feedbackId(), entry.value));
        }
        if (state == null && all.isEmpty()) {
            return null;
        }
        return new UptimeState(release, state == null ? null : state.periodStart(), all);
    }

    private static Instant closing(Instant from, Instant resolvedAt) {
        return resolvedAt == null ? null : resolvedAt.isBefore(from) ? from : resolvedAt;
    }
}
