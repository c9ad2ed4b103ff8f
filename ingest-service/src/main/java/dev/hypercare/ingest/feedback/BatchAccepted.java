package dev.hypercare.ingest.feedback;

import java.util.List;

/** The answer to a batch: counts, then one result per item in request order. */
public record BatchAccepted(int accepted, int duplicates, int rejected, int failed, List<BatchItemResult> items) {

    public static BatchAccepted of(List<BatchItemResult> items) {
        int[] counts = new int[BatchItemResult.Status.values().length];
        items.forEach(item -> counts[item.status().ordinal()]++);
        return new BatchAccepted(counts[0], counts[1], counts[2], counts[3], items);
    }
}
