package dev.hypercare.metrics.query;

import dev.hypercare.model.Kpi;
import java.util.List;

/**
 * The answer of {@link InteractiveQueries}: the KPIs found, or "not queryable right now" while the
 * store is (re)assigned. A third case, "held by another instance", slots in here with
 * multi-instance routing.
 */
public sealed interface KpiQueryResult {

    record Found(List<Kpi> kpis) implements KpiQueryResult {
    }

    record Unavailable(String reason) implements KpiQueryResult {
    }
}
