package dev.hypercare.triage.query;

/** Answer of a store lookup, from this instance's store or from the instance that owns the key. */
public sealed interface TriageLookup<T> {

    record Found<T>(T value) implements TriageLookup<T> {
    }

    record NotFound<T>(String key) implements TriageLookup<T> {
    }

    /**
     * The store (or the owning instance) cannot answer: {@code retry} shortly while starting or rebalancing; not when
     * this instance's Kafka Streams stopped by an error, which no wait mends.
     */
    record Unavailable<T>(String reason, boolean retry) implements TriageLookup<T> {

        public Unavailable(String reason) {
            this(reason, true);
        }
    }
}
