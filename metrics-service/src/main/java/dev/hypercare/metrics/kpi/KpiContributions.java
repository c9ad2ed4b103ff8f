package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.Kpi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one item contributes to its release's KPIs, and how a change of the item changes them.
 *
 * <p>The rule: a triaged item counts once towards {@code volume} for {@code all} and for its
 * category, priority and channel; once its first response (acknowledgement) is known, it adds its
 * time to the {@code first-response-ms} ({@code time-to-acknowledge-ms}) mean of {@code all} and is
 * the sole member of its own {@code item=<id>} KPI. An item's change moves each KPI by
 * (contribution after) minus (contribution before), so a redelivered record moves nothing and a
 * re-triaged one moves from its old dimensions to its new ones. New KPIs (backlog, CSAT, windows)
 * slot in as further contributions.
 */
public final class KpiContributions {

    private KpiContributions() {
    }

    /** The deltas one item change causes, keyed by KPI key; nothing for a change that moves no KPI. */
    public static List<Map.Entry<String, KpiDelta>> deltas(ItemChange change) {
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
    public static Map<String, KpiDelta> of(ItemState item) {
        Map<String, KpiDelta> contributions = new LinkedHashMap<>();
        if (item == null || !item.triaged()) {
            return contributions;
        }
        String release = item.release();
        add(contributions, release, KpiName.VOLUME, Dimensions.ALL, 1);
        if (item.category() != null) {
            add(contributions, release, KpiName.VOLUME, Dimensions.category(item.category()), 1);
        }
        if (item.priority() != null) {
            add(contributions, release, KpiName.VOLUME, Dimensions.priority(item.priority()), 1);
        }
        if (item.channel() != null) {
            add(contributions, release, KpiName.VOLUME, Dimensions.channel(item.channel()), 1);
        }
        addTime(contributions, item, KpiName.FIRST_RESPONSE_MS, item.firstResponseMs());
        addTime(contributions, item, KpiName.TIME_TO_ACKNOWLEDGE_MS, item.timeToAcknowledgeMs());
        return contributions;
    }

    private static void addTime(Map<String, KpiDelta> contributions, ItemState item, KpiName kpi, Optional<Long> ms) {
        ms.ifPresent(value -> {
            add(contributions, item.release(), kpi, Dimensions.item(item.feedbackId()), value);
            add(contributions, item.release(), kpi, Dimensions.ALL, value);
        });
    }

    private static void add(Map<String, KpiDelta> contributions, String release, KpiName kpi, String dimension, double sum) {
        KpiDelta contribution = new KpiDelta(release, kpi, dimension, Kpi.WHOLE_PERIOD, sum, 1L, null);
        contributions.put(contribution.key(), contribution);
    }
}
