package dev.hypercare.triage.classifier.cli;

import dev.hypercare.model.Category;
import dev.hypercare.triage.classifier.CascadeClassifier;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.ConfidenceCoverage;
import dev.hypercare.triage.classifier.Evaluation;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import dev.hypercare.triage.classifier.LinearTextClassifier;
import dev.hypercare.triage.classifier.SentenceEncoder;
import java.io.IOException;
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
              --cascade-below P        for a model with an embedding head: below this sparse confidence the
                                       embedding gives a second opinion (default 0.55, as the service; 0 = off)
            """;

    private Evaluate() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args;
        try {
            args = new Args(argv, Set.of(), Set.of("--model", "--data", "--where", "--where-not", "--cascade-below"));
            args.required("--model");
            args.dataFiles();
            args.selection();
        } catch (Args.UsageException e) {
            err.println("evaluate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String modelArg = args.get("--model", null);
        double below;
        try {
            below = Double.parseDouble(args.get("--cascade-below", String.valueOf(CascadeClassifier.DEFAULT_BELOW)));
        } catch (NumberFormatException e) {
            below = Double.NaN;
        }
        if (!(below >= 0 && below <= 1)) {
            err.println("evaluate: --cascade-below takes a confidence from 0 (off) to 1, got " + args.get("--cascade-below", null));
            err.print(USAGE);
            return 2;
        }
        try {
            return evaluate(modelArg, below, args, out, err);
        } catch (IOException | IllegalArgumentException e) {
            // a missing or foreign model file, or data that is not labelled JSONL: one line, no stack trace
            err.println("evaluate: " + Args.describe(e));
            return 1;
        }
    }

    private static int evaluate(String modelArg, double below, Args args, PrintStream out, PrintStream err) throws IOException {
        LinearTextClassifier sparse = "default".equals(modelArg) ? ClassifierModels.loadDefault() : ClassifierModels.load(Path.of(modelArg));
        if (sparse.embeddingHead().isPresent() && below > 0) {
            try (CascadeClassifier cascade = new CascadeClassifier(sparse, SentenceEncoder.load(sparse.embeddingHead().get().encoder()),
                    below)) {
                return evaluate(cascade, sparse, below, args, out, err);
            }
        }
        return evaluate(sparse, sparse, below, args, out, err);
    }

    private static int evaluate(FeedbackClassifier model, LinearTextClassifier sparse, double below, Args args, PrintStream out,
            PrintStream err) throws IOException {
        List<LabelledExample> examples = LabelledData.read(args.dataFiles(), args.selection());
        if (examples.isEmpty()) {
            err.println("evaluate: no labelled rows selected");
            return 1;
        }
        // One warm-up pass so the timed pass measures the compiled code, as in a long-running service (for the
        // cascade a tenth of the items: its cost is the encoder's native code, which needs no JIT).
        int warmUp = model instanceof CascadeClassifier ? Math.max(1, examples.size() / 10) : examples.size();
        for (LabelledExample e : examples.subList(0, warmUp)) {
            model.classify(e.title(), e.text());
        }
        long embeddedBefore = model instanceof CascadeClassifier c ? c.embedded() : 0;
        List<Category> gold = new ArrayList<>(examples.size());
        List<Category> predicted = new ArrayList<>(examples.size());
        List<Double> confidence = new ArrayList<>(examples.size());
        // CPU time, not wall time: "items per second per core" stays meaningful on a shared, busy machine where the
        // wall clock also counts other processes' turns. The process's, since ONNX Runtime may run native threads.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long processCpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (LabelledExample e : examples) {
            FeedbackClassifier.Prediction p = model.classify(e.title(), e.text());
            predicted.add(p.category());
            confidence.add(p.confidence());
            gold.add(e.label());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double processCpuSeconds = (processCpuNanos() - processCpuStart) / 1e9;
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
        if (model instanceof CascadeClassifier cascade) {
            long embedded = cascade.embedded() - embeddedBefore;
            out.printf(Locale.ROOT, "cascade: %d of %d items (%.1f %%) below sparse confidence %.2f got the %s second opinion; "
                            + "%.0f items per CPU-second of the whole process%n", embedded, examples.size(), 100.0 * embedded / examples.size(),
                    below, sparse.embeddingHead().get().encoder(), examples.size() / processCpuSeconds);
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
