package dev.hypercare.metrics.readiness;

import dev.hypercare.metrics.kpi.Dimensions;
import dev.hypercare.metrics.kpi.KpiName;
import dev.hypercare.metrics.kpi.Windows;
import dev.hypercare.metrics.streams.StoreSweep;
import dev.hypercare.model.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each release's {@link ReadinessState} (store keyed by release) from the KPI changes it
 * depends on, and re-evaluates it on every change and on wall-clock punctuation (time alone can
 * make a release ready: 72 h without an open P1). Forwards the {@code R|exit-readiness|all|period}
 * KPI whenever the verdict changes.
 */
public final class ReadinessProcessor implements Processor<String, ReadinessSignal, String, Kpi> {

    /** Daily volumes older than this are of no use to the weekly comparison. */
    private static final int DAYS_KEPT = 21;

    private final String storeName;
    private final ReadinessEvaluator evaluator;
    private final Duration checkInterval;
    private ProcessorContext<String, Kpi> context;
    private KeyValueStore<String, ReadinessState> store;

    public ReadinessProcessor(String storeName, ReadinessCriteria criteria, Duration checkInterval) {
        this.storeName = storeName;
        this.evaluator = new ReadinessEvaluator(criteria);
        this.checkInterval = checkInterval;
    }

    /** Whether exit readiness depends on this KPI key. */
    public static boolean relevant(String key) {
        String[] parts = key.split("\\" + Kpi.SEPARATOR, 4);
        if (parts.length != 4) {
            return false;
        }
        String kpi = parts[1];
        String dimension = parts[2];
        String window = parts[3];
        if (kpi.equals(KpiName.VOLUME.id())) {
            return dimension.equals(Dimensions.ALL) && (Windows.isPeriod(window) || window.startsWith(Windows.DAY + ":"));
        }
        if (kpi.equals(KpiName.OPEN_BACKLOG.id())) {
            return dimension.equals(Dimensions.priority("P1")) && Windows.isPeriod(window);
        }
        return (kpi.equals(KpiName.SLA_ATTAINMENT.id()) || kpi.equals(KpiName.CSAT.id()))
                && dimension.equals(Dimensions.ALL) && Windows.isPeriod(window);
    }

    @Override
    public void init(ProcessorContext<String, Kpi> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::reevaluateAll);
    }

    @Override
    public void process(Record<String, ReadinessSignal> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        ReadinessState state = store.get(record.key());
        state = apply(state != null ? state : ReadinessState.empty(record.key()), record.value(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        evaluateAndStore(state);
    }

    private void reevaluateAll(long wallClockMs) {
        StoreSweep.forEach(store, (release, state) -> evaluateAndStore(state));
    }

    private void evaluateAndStore(ReadinessState state) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (state.openP1() > 0) {
            state = with(state, now, state.verdict());
        }
        ExitReadiness verdict = evaluator.evaluate(state, now);
        boolean changed = !verdict.sameVerdict(state.verdict());
        ReadinessState next = with(state, state.lastP1OpenAt(), changed ? verdict : state.verdict());
        store.put(state.release(), next);
        if (changed) {
            context.forward(new Record<>(ReadinessKpi.key(state.release()), ReadinessKpi.of(verdict), now.toEpochMilli()));
        }
    }

    /** Takes one KPI change in; {@code now} is the stream thread's wall clock (tombstones carry no time). */
    static ReadinessState apply(ReadinessState state, ReadinessSignal signal, Instant now) {
        String[] parts = signal.key().split("\\" + Kpi.SEPARATOR, 4);
        String kpi = parts[1];
        String window = parts[3];
        Kpi value = signal.kpi();
        Instant at = value != null && value.computedAt() != null ? value.computedAt() : now;
        long openP1 = state.openP1();
        Instant lastP1Open = state.lastP1OpenAt();
        Double sla = state.slaAttainment();
        long slaCount = state.slaCount();
        Double csat = state.csat();
        long csatCount = state.csatCount();
        TreeMap<String, Long> daily = new TreeMap<>(state.dailyVolume());
        if (kpi.equals(KpiName.OPEN_BACKLOG.id())) {
            long open = value == null ? 0 : value.count();
            if (openP1 > 0 || open > 0) {
                lastP1Open = at; // open until this change at least
            }
            openP1 = open;
        } else if (kpi.equals(KpiName.SLA_ATTAINMENT.id())) {
            sla = value == null ? null : value.value();
            slaCount = value == null ? 0 : value.count();
        } else if (kpi.equals(KpiName.CSAT.id())) {
            csat = value == null ? null : value.value();
            csatCount = value == null ? 0 : value.count();
        } else if (kpi.equals(KpiName.VOLUME.id()) && window.startsWith(Windows.DAY + ":")) {
            String day = window.substring(Windows.DAY.length() + 1);
            if (value == null) {
                daily.remove(day);
            } else {
                daily.put(day, value.count());
            }
            String oldest = LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(DAYS_KEPT).toString();
            daily.headMap(oldest).clear();
        }
        return new ReadinessState(state.release(), openP1, lastP1Open, sla, slaCount, csat, csatCount, daily, state.verdict());
    }

    private static ReadinessState with(ReadinessState s, Instant lastP1OpenAt, ExitReadiness verdict) {
        return new ReadinessState(s.release(), s.openP1(), lastP1OpenAt, s.slaAttainment(), s.slaCount(), s.csat(),
                s.csatCount(), s.dailyVolume(), verdict);
    }

}
