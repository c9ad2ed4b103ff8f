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

    /**
     * Not queryable: {@code retry} while a store is (re)assigned or another instance does not answer; not when this
     * instance's Kafka Streams stopped by an error, which no wait mends (its liveness check is down as well).
     */
    record Unavailable<T>(String reason, boolean retry) implements KpiQueryResult<T> {

        public Unavailable(String reason) {
            this(reason, true);
        }
    }

    static <T> KpiQueryResult<List<T>> list(List<T> values) {
        return new Found<>(values);
    }
}
