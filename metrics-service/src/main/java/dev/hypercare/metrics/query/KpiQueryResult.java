package dev.hypercare.metrics.query;

import java.util.List;

/**
 * The answer of {@link InteractiveQueries}: what was found (across all instances), or "not
 * queryable right now" while a store is (re)assigned after a start or a rebalance.
 */
public sealed interface KpiQueryResult<T> {

    record Found<T>(T value) implements KpiQueryResult<T> {
    }

    record NotFound<T>() implements KpiQueryResult<T> {
    }

    record Unavailable<T>(String reason) implements KpiQueryResult<T> {
    }

    static <T> KpiQueryResult<List<T>> list(List<T> values) {
        return new Found<>(values);
    }
}
