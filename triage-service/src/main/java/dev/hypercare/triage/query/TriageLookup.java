package dev.hypercare.triage.query;

/** Answer of a store lookup, from this instance's store or from the instance that owns the key. */
public sealed interface TriageLookup<T> {

    record Found<T>(T value) implements TriageLookup<T> {
    }

    record NotFound<T>(String key) implements TriageLookup<T> {
    }

    /** The store (or the owning instance) cannot answer right now (starting, rebalancing); retry shortly. */
    record Unavailable<T>(String reason) implements TriageLookup<T> {
    }
}
