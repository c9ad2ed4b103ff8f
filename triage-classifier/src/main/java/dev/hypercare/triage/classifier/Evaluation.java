package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-class precision, recall and F1, macro-F1 and the confusion matrix of gold against predicted
 * categories. Classes are those present in the gold labels or the predictions (the convention of
 * scikit-learn's classification_report), in Category order.
 *
 * @param classes   the rows and columns of {@code confusion}
 * @param confusion confusion[gold][predicted] counts
 * @param perClass  metrics per class
 * @param macroF1   unweighted mean of the per-class F1
 * @param accuracy  share of items predicted right
 */
public record Evaluation(List<Category> classes, long[][] confusion, Map<Category, ClassMetrics> perClass, double macroF1,
        double accuracy) {

    public record ClassMetrics(double precision, double recall, double f1, long support) {
    }

    public static Evaluation of(List<Category> gold, List<Category> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold and predicted differ in size: " + gold.size() + " vs " + predicted.size());
        }
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no labelled items");
        }
        Set<Category> present = EnumSet.noneOf(Category.class);
        present.addAll(gold);
        present.addAll(predicted);
        List<Category> classes = new ArrayList<>(present);
        long[][] confusion = new long[classes.size()][classes.size()];
        long right = 0;
        for (int i = 0; i < gold.size(); i++) {
            confusion[classes.indexOf(gold.get(i))][classes.indexOf(predicted.get(i))]++;
            if (gold.get(i) == predicted.get(i)) {
                right++;
            }
        }
        Map<Category, ClassMetrics> perClass = new LinkedHashMap<>();
        double sumF1 = 0;
        for (int c = 0; c < classes.size(); c++) {
            long tp = confusion[c][c];
            long goldC = 0;
            long predC = 0;
            for (int o = 0; o < classes.size(); o++) {
                goldC += confusion[c][o];
                predC += confusion[o][c];
            }
            double precision = predC == 0 ? 0 : (double) tp / predC;
            double recall = goldC == 0 ? 0 : (double) tp / goldC;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(classes.get(c), new ClassMetrics(precision, recall, f1, goldC));
            sumF1 += f1;
        }
        return new Evaluation(List.copyOf(classes), confusion, perClass, sumF1 / classes.size(), (double) right / gold.size());
    }

    /** The report the evaluate command prints: a per-class table, macro-F1 and the confusion matrix. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        long total = 0;
        for (Map.Entry<Category, ClassMetrics> e : perClass.entrySet()) {
            ClassMetrics m = e.getValue();
            total += m.support();
            b.append(String.format(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f %8d%n", e.getKey(), m.precision(), m.recall(), m.f1(), m.support()));
        }
        b.append(String.format(Locale.ROOT, "%-16s %29.3f %8d%n", "macro-F1", macroF1, total));
        b.append(String.format(Locale.ROOT, "%-16s %29.3f %8d%n", "accuracy", accuracy, total));
        b.append(String.format(Locale.ROOT, "%nconfusion (rows: gold, columns: predicted)%n%-16s", ""));
        for (Category c : classes) {
            b.append(String.format(Locale.ROOT, " %16s", c));
        }
        b.append(System.lineSeparator());
        for (int r = 0; r < classes.size(); r++) {
            b.append(String.format(Locale.ROOT, "%-16s", classes.get(r)));
            for (int c = 0; c < classes.size(); c++) {
                b.append(String.format(Locale.ROOT, " %16d", confusion[r][c]));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }
}
