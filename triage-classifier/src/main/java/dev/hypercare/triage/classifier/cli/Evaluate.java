package dev.hypercare.triage.classifier.cli;

import dev.hypercare.model.Category;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.Evaluation;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import java.io.PrintStream;
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
        long start = System.nanoTime();
        for (LabelledExample e : examples) {
            predicted.add(model.classify(e.title(), e.text()).category());
            gold.add(e.label());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "model %s on %d items%n%n", model.version(), examples.size());
        out.print(Evaluation.of(gold, predicted).format());
        out.printf(Locale.ROOT, "%nspeed: %.0f items/s on one thread (%.1f ms for %d items, signals included)%n",
                examples.size() / seconds, seconds * 1000, examples.size());
        return 0;
    }
}
