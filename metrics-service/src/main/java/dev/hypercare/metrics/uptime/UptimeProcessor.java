package dev.hypercare.metrics.uptime;

import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.streams.StoreSweep;
import dev.hypercare.model.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each release's period start ({@code uptime-store}, keyed by release) and each outage report
 * ({@code uptime-report-store}, keyed by {@link UptimeState#reportKey}) from the {@code release-signals}
 * repartition, and publishes {@code R|uptime|all|period} ({@link Uptime} has the rule).
 *
 * <p>A signal reads and writes only its own report, so its cost does not grow with the release's outage reports:
 * when all reports lived in the release's one entry, each outage report deserialised, re-serialised and logged
 * the whole map and recomputed the uptime over it (80 % of the metrics-service's CPU at 200 items/s once a release
 * held a few thousand outage reports; docs/metrics.md). The uptime is computed over all reports when published:
 * for a release that changed, on the next {@link #CHANGE_PUBLISH_INTERVAL} of wall-clock time (a burst of reports of
 * one outage costs one computation), and for every release every {@code publishInterval}, as time alone moves
 * uptime (the period grows, an open outage lasts).
 *
 * <p>Arrivals only move the period's start, which almost never changes: the earliest start per release is
 * also kept in memory (a mirror of the store, rebuilt lazily after a rebalance) so an arrival costs no store
 * read. So are a release's reports once it has been published (loaded from the report store by its key prefix,
 * then kept up to date by each change): a publication deserialises nothing. The set of changed releases is in memory too: lost with the task, it costs at most one late
 * publication, which the next {@code publishInterval} makes.
 */
public final class UptimeProcessor implements Processor<String, ReleaseSignal, String, Kpi> {

    /** How late a change of a release's outages reaches its uptime KPI at most. */
    public static final Duration CHANGE_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    private final String storeName;
    private final String reportStoreName;
    private final Duration publishInterval;
    private final Map<String, Instant> periodStarts = new HashMap<>();
    /** Each release's reports as its entries in the report store hold them, loaded at its first publication. */
    private final Map<String, Map<String, UptimeState.OutageReport>> reportsByRelease = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private ProcessorContext<String, Kpi> context;
    private KeyValueStore<String, UptimeState> store;
    private KeyValueStore<String, UptimeState.OutageReport> reports;

    public UptimeProcessor(String storeName, String reportStoreName, Duration publishInterval) {
        this.storeName = storeName;
        this.reportStoreName = reportStoreName;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, Kpi> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.reports = context.getStateStore(reportStoreName);
        // init runs again when a task is re-initialised (after a corrupted state is restored): the mirrors start over
        periodStarts.clear();
        reportsByRelease.clear();
        changed.clear();
        context.schedule(CHANGE_PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publishAll);
    }

    @Override
    public void process(Record<String, ReleaseSignal> record) {
        ReleaseSignal signal = record.value();
        String release = record.key();
        if (release == null || signal == null || signal.receivedAt() == null) {
            return;
        }
        if (signal.kind() == ReleaseSignal.Kind.ARRIVAL) {
            Instant known = periodStarts.get(release);
            if (known != null && !signal.receivedAt().isBefore(known)) {
                return;
            }
        }
        UptimeState before = store.get(release);
        UptimeState state = moveReportsOut(release, before != null ? before : UptimeState.empty(release));
        UptimeState after = state.withArrival(signal.receivedAt());
        periodStarts.put(release, after.periodStart());
        if (!after.equals(before)) {
            store.put(release, after);
            changed.add(release);
        }
        if (signal.kind() == ReleaseSignal.Kind.OUTAGE && signal.feedbackId() != null) {
            String key = UptimeState.reportKey(release, signal.feedbackId());
            UptimeState.OutageReport known = reports.get(key);
            UptimeState.OutageReport next = UptimeState.next(known, signal);
            if (!Objects.equals(known, next)) {
                if (next == null) {
                    reports.delete(key);
                } else {
                    reports.put(key, next);
                }
                Map<String, UptimeState.OutageReport> mirror = reportsByRelease.get(release);
                if (mirror != null) {
                    if (next == null) {
                        mirror.remove(signal.feedbackId());
                    } else {
                        mirror.put(signal.feedbackId(), next);
                    }
                }
                changed.add(release);
            }
        }
    }

    /** An entry written by an earlier build holds its reports: each goes to its own entry (newer ones win). */
    private UptimeState moveReportsOut(String release, UptimeState state) {
        if (state.reports().isEmpty()) {
            return state;
        }
        state.reports().forEach((feedbackId, report) -> {
            String key = UptimeState.reportKey(release, feedbackId);
            if (reports.get(key) == null) {
                reports.put(key, report);
            }
        });
        reportsByRelease.remove(release); // loaded again, with the moved reports, at the next publication
        UptimeState without = state.withoutReports();
        store.put(release, without);
        return without;
    }

    private void publishChanged(long wallClockMs) {
        if (changed.isEmpty()) {
            return;
        }
        List<String> releases = new ArrayList<>(changed);
        changed.clear();
        releases.forEach(release -> publish(release, store.get(release)));
    }

    private void publishAll(long wallClockMs) {
        changed.clear();
        StoreSweep.forEach(store, this::publish);
    }

    private void publish(String release, UptimeState stored) {
        if (stored == null) {
            return;
        }
        UptimeState state = moveReportsOut(release, stored); // nothing to move unless an earlier build wrote the entry
        Map<String, UptimeState.OutageReport> releaseReports = reportsByRelease.computeIfAbsent(release,
                r -> new HashMap<>(UptimeState.read(r, store, reports).reports()));
        long now = context.currentSystemTimeMs();
        Kpi kpi = UptimeKpi.of(Uptime.of(new UptimeState(release, state.periodStart(), releaseReports), Instant.ofEpochMilli(now)));
        context.forward(new Record<>(kpi.key(), kpi, now));
    }
}
