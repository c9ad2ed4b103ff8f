package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.SlaEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one item contributes to its release's KPIs, and how a change of the item changes them.
 *
 * <p>The rule: a triaged item counts, in the whole period and in the hour and day it was received
 * ({@link Windows}), for {@code all} and for its category, priority and channel:
 * <ul>
 *   <li>once towards {@code volume}; once towards {@code open-backlog} while open (period only: a
 *       backlog is a level now, not a per-window sum);</li>
 *   <li>with its time, once known, towards the mean and the histogram (p50/p90/p99) of
 *       {@code time-to-acknowledge-ms}, {@code first-response-ms} and {@code resolution-ms}; the first
 *       two also as the sole member of its own {@code item=<id>} KPI (period only);</li>
 *   <li>with its reopens towards {@code reopen-count}, its latest rating towards {@code csat} (mean and
 *       distribution), and its decided SLA targets towards {@code sla-attainment} (met = 100 %) and
 *       {@code sla-breaches}.</li>
 * </ul>
 * An item's change moves each KPI by (contribution after) minus (contribution before), so a
 * redelivered record moves nothing and a re-triaged one moves from its old dimensions to its new ones.
 * An item that expires ({@code ItemRetention}) withdraws only its own {@code item=<id>} KPIs: their
 * tombstones are published by {@code KpiDeltaCombiner} from the item's own task, with the expiry, and their
 * totals in {@code kpi-store} fall to nothing; what it contributed to every aggregate stays.
 */
public final class KpiContributions {

    private final KpiSettings settings;

    public KpiContributions(KpiSettings settings) {
        this.settings = settings;
    }

    /** The deltas one item change causes, keyed by KPI key; nothing for a change that moves no KPI. */
    public List<Map.Entry<String, KpiDelta>> deltas(ItemChange change) {
        if (change.expired()) {
            List<Map.Entry<String, KpiDelta>> withdrawn = new ArrayList<>();
            of(change.before()).forEach((key, contribution) -> {
                if (Dimensions.isItem(contribution.dimension())) {
                    withdrawn.add(Map.entry(key, contribution.negate().at(change.computedAt())));
                }
            });
            return withdrawn;
        }
        Map<String, KpiDelta> before = of(change.before());
        Map<String, KpiDelta> after = of(change.after());
        List<Map.Entry<String, KpiDelta>> deltas = new ArrayList<>();
        after.forEach((key, contribution) -> {
            KpiDelta previous = before.get(key);
            KpiDelta delta = previous == null ? contribution : contribution.minus(previous);
            if (!delta.isZero()) {
                deltas.add(Map.entry(key, delta.at(change.computedAt())));
            }
        });
        before.forEach((key, contribution) -> {
            if (!after.containsKey(key)) {
                deltas.add(Map.entry(key, contribution.negate().at(change.computedAt())));
            }
        });
        return deltas;
    }

    /** One item's contributions, keyed by KPI key; empty until the item is triaged. */
    public Map<String, KpiDelta> of(ItemState item) {
        Map<String, KpiDelta> contributions = new LinkedHashMap<>();
        if (item == null || !item.triaged()) {
            return contributions;
        }
        List<String> dimensions = new ArrayList<>();
        dimensions.add(Dimensions.ALL);
        if (item.category() != null) {
            dimensions.add(Dimensions.category(item.category()));
        }
        if (item.priority() != null) {
            dimensions.add(Dimensions.priority(item.priority()));
        }
        if (item.channel() != null) {
            dimensions.add(Dimensions.channel(item.channel()));
        }
        List<String> windows = new ArrayList<>();
        windows.add(Kpi.WHOLE_PERIOD);
        Instant received = item.receivedAt();
        if (received != null) {
            settings.windows().forEach(kind -> windows.add(Windows.label(kind, received)));
        }
        for (String window : windows) {
            boolean period = Windows.isPeriod(window);
            for (String dimension : dimensions) {
                if (!period && !settings.windowedDimensions().contains(Dimensions.kind(dimension))) {
                    continue;
                }
                addAll(contributions, item, dimension, window, period);
            }
        }
        addItemKpis(contributions, item);
        return contributions;
    }

    /**
     * Only the item's own KPIs ({@code item=<id>}), keyed by KPI key; empty until it is triaged. Each has one
     * contributor, so its total is this contribution: what {@code KpiDeltaCombiner} publishes directly.
     */
    public Map<String, KpiDelta> ofItem(ItemState item) {
        Map<String, KpiDelta> contributions = new LinkedHashMap<>();
        if (item != null && item.triaged()) {
            addItemKpis(contributions, item);
        }
        return contributions;
    }

    private static void addItemKpis(Map<String, KpiDelta> contributions, ItemState item) {
        // Each item's own first-response and acknowledgement time, as the contract has it.
        item.firstResponseMs().ifPresent(ms ->
                add(contributions, item, KpiName.FIRST_RESPONSE_MS, Dimensions.item(item.feedbackId()), Kpi.WHOLE_PERIOD, ms, 1, null));
        item.timeToAcknowledgeMs().ifPresent(ms ->
                add(contributions, item, KpiName.TIME_TO_ACKNOWLEDGE_MS, Dimensions.item(item.feedbackId()), Kpi.WHOLE_PERIOD, ms, 1, null));
    }

    private static void addAll(Map<String, KpiDelta> contributions, ItemState item, String dimension, String window,
                               boolean period) {
        add(contributions, item, KpiName.VOLUME, dimension, window, 1, 1, null);
        if (period && item.open()) {
            add(contributions, item, KpiName.OPEN_BACKLOG, dimension, window, 1, 1, null);
        }
        addTime(contributions, item, KpiName.TIME_TO_ACKNOWLEDGE_MS, dimension, window, item.timeToAcknowledgeMs());
        addTime(contributions, item, KpiName.FIRST_RESPONSE_MS, dimension, window, item.firstResponseMs());
        addTime(contributions, item, KpiName.RESOLUTION_MS, dimension, window, item.resolutionMs());
        if (item.reopenCount() > 0) {
            add(contributions, item, KpiName.REOPEN_COUNT, dimension, window, item.reopenCount(), 1, null);
        }
        if (item.rating() != null) {
            add(contributions, item, KpiName.CSAT, dimension, window, item.rating(), 1, (long) item.rating());
        }
        int decided = 0;
        int met = 0;
        for (SlaEvent.Target target : SlaEvent.Target.values()) {
            Optional<Boolean> outcome = item.slaMet(target);
            if (outcome.isPresent()) {
                decided++;
                met += outcome.get() ? 1 : 0;
            }
        }
        if (decided > 0) {
            // Each decided target is one observation: the mean of 100 (met) and 0 (missed) is a percentage.
            add(contributions, item, KpiName.SLA_ATTAINMENT, dimension, window, 100.0 * met, decided, null);
        }
        if (decided - met > 0) {
            add(contributions, item, KpiName.SLA_BREACHES, dimension, window, decided - met, 1, null);
        }
    }

    private static void addTime(Map<String, KpiDelta> contributions, ItemState item, KpiName kpi, String dimension,
                                String window, Optional<Long> ms) {
        ms.ifPresent(value -> add(contributions, item, kpi, dimension, window, value, 1, value));
    }

    private static void add(Map<String, KpiDelta> contributions, ItemState item, KpiName kpi, String dimension,
                            String window, double sum, long count, Long sample) {
        List<Long> samples = sample == null || !kpi.sketched() || Dimensions.isItem(dimension) ? List.of() : List.of(sample);
        KpiDelta contribution = new KpiDelta(item.release(), kpi, dimension, window, sum, count, samples, List.of(), null);
        contributions.put(contribution.key(), contribution);
    }
}
