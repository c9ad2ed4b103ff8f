package dev.hypercare.triage.classifier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * CPU time per classified item of the shipped default model over every labelled text in
 * ../shared/data/classification (7,998 reviews), for the current {@link LinearTextClassifier} and
 * the frozen pre-optimisation {@link ReferenceClassifier}, in alternating rounds in one JVM so both
 * sides see the same machine load. Thread CPU time (ThreadMXBean), not wall clock: the machine is
 * shared. Not a test (surefire ignores it); the figures in docs/triage-quality.md "Speed" come from it.
 *
 * <pre>
 * ./mvnw -q -pl triage-classifier test-compile
 * java -cp "triage-classifier/target/test-classes:triage-classifier/target/classes:triage-classifier/target/lib/*" \
 *   dev.hypercare.triage.classifier.ClassifierCpuPerItemBench [rounds=15] [only=new|ref] [subset=all|table|fallback]
 * </pre>
 * subset: table = only the texts whose characters are all below U+0300 (folded by table lookup),
 * fallback = only the others (emoji, curly quotes, combining marks...: folded by the Normalizer).
 */
public final class ClassifierCpuPerItemBench {

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        String only = "";
        String subset = "all";
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "only" -> only = kv[1];
                case "subset" -> subset = kv[1];
                default -> throw new IllegalArgumentException(a);
            }
        }
        Path dir = Samples.sharedData().resolve("classification");
        List<LabelledExample> examples = LabelledData.read(List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl")),
                LabelledData.Selection.ALL);
        if (!subset.equals("all")) {
            boolean table = subset.equals("table");
            examples = examples.stream()
                    .filter(e -> ((e.title() + e.text()).chars().allMatch(c -> c < 0x300)) == table)
                    .toList();
        }
        LinearTextClassifier model = ClassifierModels.loadDefault();
        ReferenceClassifier reference = new ReferenceClassifier(model);

        List<FeedbackClassifier.Prediction> fast = run(examples, model::classify);
        List<FeedbackClassifier.Prediction> slow = run(examples, reference::classify);
        int differing = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (!fast.get(i).equals(slow.get(i))) {
                differing++;
            }
        }
        System.out.printf(Locale.ROOT, "%d items, %d predictions differ between the current path and the reference%n",
                examples.size(), differing);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> newUs = new ArrayList<>();
        List<Double> refUs = new ArrayList<>();
        // Warm-up: both paths compiled before timing.
        for (int w = 0; w < 3; w++) {
            run(examples, model::classify);
            run(examples, reference::classify);
        }
        for (int r = 0; r < rounds; r++) {
            if (!only.equals("ref")) {
                newUs.add(timed(threads, examples, model::classify));
            }
            if (!only.equals("new")) {
                refUs.add(timed(threads, examples, reference::classify));
            }
        }
        report("reference (before)", refUs);
        report("current   (after) ", newUs);
        if (!newUs.isEmpty() && !refUs.isEmpty()) {
            System.out.printf(Locale.ROOT, "ratio before/after (medians): %.2fx%n", median(refUs) / median(newUs));
        }
    }

    private static double timed(ThreadMXBean threads, List<LabelledExample> examples,
            BiFunction<String, String, FeedbackClassifier.Prediction> classify) {
        long start = threads.getCurrentThreadCpuTime();
        run(examples, classify);
        return (threads.getCurrentThreadCpuTime() - start) / 1e3 / examples.size();
    }

    private static List<FeedbackClassifier.Prediction> run(List<LabelledExample> examples,
            BiFunction<String, String, FeedbackClassifier.Prediction> classify) {
        List<FeedbackClassifier.Prediction> out = new ArrayList<>(examples.size());
        for (LabelledExample e : examples) {
            out.add(classify.apply(e.title(), e.text()));
        }
        return out;
    }

    private static void report(String name, List<Double> us) {
        if (us.isEmpty()) {
            return;
        }
        double[] sorted = us.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = median(us);
        System.out.printf(Locale.ROOT, "%s: median %.1f us CPU/item (min %.1f, max %.1f over %d rounds) = %.0f items/s per core%n",
                name, median, sorted[0], sorted[sorted.length - 1], sorted.length, 1e6 / median);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private ClassifierCpuPerItemBench() {
    }
}
