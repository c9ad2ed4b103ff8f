package dev.hypercare.metrics.uptime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Uptime as users saw it: the share of a release's hypercare period (its first item's receive time to now)
 * without an open outage, and the outage intervals. Served by {@code GET /api/v1/releases/{release}/uptime},
 * published as {@code R|uptime|all|period}.
 *
 * <p>The rule: an outage report (an item triage flagged OUTAGE) is open from its receive time until the
 * first resolution, at or after that time, of any report of its outage group (its issue group when triage
 * named one, else its component): support resolves the incident on one ticket, the other reports of it are
 * duplicates nobody closes. A report received after that resolution opens the outage again (users still see
 * it); a REOPENED report is open again from the reopen. The release is down while any report is open;
 * overlapping intervals merge.
 *
 * @param percent      100 x (1 - downtime / period); 100 for an empty period
 * @param outageOpen   an outage is open now
 * @param intervals    merged outage intervals, oldest first (the latest {@value #MAX_INTERVALS})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Uptime(String release, double percent, Instant periodStart, Instant periodEnd, long periodMs,
                     long downtimeMs, boolean outageOpen, List<Interval> intervals) {

    public static final int MAX_INTERVALS = 50;
    private static final int MAX_IDS = 20;

    /**
     * @param end     null while open
     * @param reports the outage reports open in it (feedback ids, the first {@value #MAX_IDS})
     * @param groups  their outage groups
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Interval(Instant start, Instant end, boolean open, long durationMs, List<String> reports, List<String> groups) {
    }

    public static Uptime of(UptimeState state, Instant now) {
        Instant start = state.periodStart() == null ? now : state.periodStart();
        Instant end = now.isBefore(start) ? start : now;
        Map<String, TreeSet<Instant>> resolutions = new HashMap<>();
        state.reports().values().forEach(r -> r.segments().stream().filter(s -> s.to() != null)
                .forEach(s -> resolutions.computeIfAbsent(r.group(), g -> new TreeSet<>()).add(s.to())));
        record Piece(Instant from, Instant to, boolean open, String report, String group) {
        }
        List<Piece> pieces = new ArrayList<>();
        for (UptimeState.OutageReport report : state.reports().values()) {
            for (UptimeState.Segment segment : report.segments()) {
                TreeSet<Instant> ends = resolutions.get(report.group());
                Instant closedAt = ends == null ? null : ends.ceiling(segment.from());
                Instant from = segment.from().isBefore(start) ? start : segment.from();
                Instant to = closedAt == null || closedAt.isAfter(end) ? end : closedAt;
                if (to.isAfter(from) || (closedAt == null && !from.isAfter(end))) {
                    pieces.add(new Piece(from, to, closedAt == null, report.feedbackId(), report.group()));
                }
            }
        }
        pieces.sort(Comparator.comparing(Piece::from).thenComparing(Piece::to));
        List<Interval> merged = new ArrayList<>();
        Instant curFrom = null;
        Instant curTo = null;
        boolean curOpen = false;
        Set<String> reports = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Piece piece : pieces) {
            if (curFrom != null && piece.from().isAfter(curTo)) {
                merged.add(interval(curFrom, curTo, curOpen, reports, groups));
                curFrom = null;
            }
            if (curFrom == null) {
                curFrom = piece.from();
                curTo = piece.to();
                curOpen = piece.open();
                reports = new LinkedHashSet<>();
                groups = new LinkedHashSet<>();
            } else {
                if (piece.to().isAfter(curTo)) {
                    curTo = piece.to();
                }
                curOpen |= piece.open();
            }
            reports.add(piece.report());
            groups.add(piece.group());
        }
        if (curFrom != null) {
            merged.add(interval(curFrom, curTo, curOpen, reports, groups));
        }
        long downtime = merged.stream().mapToLong(Interval::durationMs).sum();
        long period = Duration.between(start, end).toMillis();
        double percent = period <= 0 ? 100.0 : Math.max(0.0, 100.0 * (period - downtime) / period);
        boolean open = merged.stream().anyMatch(Interval::open);
        List<Interval> latest = merged.size() > MAX_INTERVALS ? merged.subList(merged.size() - MAX_INTERVALS, merged.size()) : merged;
        return new Uptime(state.release(), percent, start, end, period, downtime, open, List.copyOf(latest));
    }

    private static Interval interval(Instant from, Instant to, boolean open, Set<String> reports, Set<String> groups) {
        return new Interval(from, open ? null : to, open, Duration.between(from, to).toMillis(),
                reports.stream().limit(MAX_IDS).toList(), groups.stream().limit(MAX_IDS).toList());
    }
}
