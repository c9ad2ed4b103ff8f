package dev.hypercare.triage.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For each confidence threshold: the share of items the classifier would decide on its own (the
 * rest go to review) and how often those decisions are right. This is what a team needs to set
 * the triage-service's review threshold.
 *
 * @param threshold items with confidence >= threshold are decided automatically
 * @param coverage  share of items at or above the threshold
 * @param accuracy  share of those that are right (NaN when there are none)
 */
public record ConfidenceCoverage(double threshold, double coverage, double accuracy) {

    public static List<ConfidenceCoverage> of(List<Double> confidence, List<Boolean> correct, double... thresholds) {
        if (confidence.size() != correct.size() || confidence.isEmpty()) {
            throw new IllegalArgumentException("need one correctness flag per confidence, and at least one item");
        }
        List<ConfidenceCoverage> out = new ArrayList<>(thresholds.length);
        for (double t : thresholds) {
            int decided = 0;
            int right = 0;
            for (int i = 0; i < confidence.size(); i++) {
                if (confidence.get(i) >= t) {
                    decided++;
                    if (correct.get(i)) {
                        right++;
                    }
                }
            }
            out.add(new ConfidenceCoverage(t, (double) decided / confidence.size(), decided == 0 ? Double.NaN : (double) right / decided));
        }
        return List.copyOf(out);
    }

    public static String format(List<ConfidenceCoverage> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-22s %9s %9s%n", "confidence threshold", "decided", "accuracy"));
        for (ConfidenceCoverage r : rows) {
            b.append(String.format(Locale.ROOT, ">= %-19.2f %8.1f%% %9.3f%n", r.threshold(), 100 * r.coverage(), r.accuracy()));
        }
        return b.toString();
    }
}
