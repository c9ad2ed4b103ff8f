package dev.hypercare.triage.classifier.cli;

import dev.hypercare.model.Category;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.ConfidenceCoverage;
import dev.hypercare.triage.classifier.Evaluation;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code evaluate}: model + labelled JSONL in; per-class precision/recall/F1, macro-F1, confusion and speed out. */
public final class Evaluate {

    static final String USAGE = """
            evaluate --model MODEL.bin|default --data FILE.jsonl [--data ...] [options]
              --where FIELD=VALUE      keep only rows whose FIELD equals VALUE (repeatable)
              --where-not FIELD=VALUE  drop rows whose FIELD equals VALUE (repeatable)
            """;

    private Evaluate() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args;
        try {
            args = new Args(argv, Set.of(), Set.of("--model", "--data", "--where", "--where-not"));
            args.required("--model");
            args.dataFiles();
        } catch (Args.UsageException e) {
            err.println("evaluate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String modelArg = args.get("--model", null);
        FeedbackClassifier model = "default".equals(modelArg) ? ClassifierModels.loadDefault() : ClassifierModels.load(Path.of(modelArg));
        List<LabelledExample> examples = LabelledData.read(args.dataFiles(), args.selection());
        if (examples.isEmpty()) {
            err.println("evaluate: no labelled rows selected");
            return 1;
        }
        // One warm-up pass so the timed pass measures the compiled code, as in a long-running service.
        for (LabelledExample e : examples) {
            model.classify(e.title(), e.text());
        }
        List<Category> gold = new ArrayList<>(examples.size());
        List<Category> predicted = new ArrayList<>(examples.size());
        List<Double> confidence = new ArrayList<>(examples.size());
        // CPU time of this thread, not wall time: "items per second per core" stays meaningful on a
        // shared, busy machine where the wall clock also counts other processes' turns.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (LabelledExample e : examples) {
            FeedbackClassifier.Prediction p = model.classify(e.title(), e.text());
            predicted.add(p.category());
            confidence.add(p.confidence());
            gold.add(e.label());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        out.printf(Locale.ROOT, "model %s on %d items%n%n", model.version(), examples.size());
        Evaluation evaluation = Evaluation.of(gold, predicted);
        out.print(evaluation.format());
        List<Category> unknown = evaluation.classes().stream().filter(c -> !model.categories().contains(c)).toList();
        if (!unknown.isEmpty()) {
            out.printf(Locale.ROOT, "%nnote: the model was not trained on %s; those rows can only count as errors%n", unknown);
        }
        List<Boolean> correct = new ArrayList<>(gold.size());
        for (int i = 0; i < gold.size(); i++) {
            correct.add(gold.get(i) == predicted.get(i));
        }
        out.printf(Locale.ROOT, "%nbelow a threshold an item goes to review:%n");
        out.print(ConfidenceCoverage.format(ConfidenceCoverage.of(confidence, correct, 0.0, 0.5, 0.6, 0.7, 0.8, 0.9)));
        out.printf(Locale.ROOT, "%nspeed: %.0f items per CPU-second on one thread (%.0f items/s wall clock; %d items, signals included)%n",
                examples.size() / cpuSeconds, examples.size() / seconds, examples.size());
        return 0;
    }
}
