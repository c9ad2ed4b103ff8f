package dev.hypercare.triage.classifier.cli;

import dev.hypercare.model.Category;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.ClassifierTrainer;
import dev.hypercare.triage.classifier.FeatureSpec;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import dev.hypercare.triage.classifier.LinearTextClassifier;
import dev.hypercare.triage.classifier.SentenceEncoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code train}: labelled JSONL in, model file out. */
public final class Train {

    static final String USAGE = """
            train --data FILE.jsonl [--data ...] --out MODEL.bin [options]
              --name NAME            name recorded in the model and its version (default: the --out file name)
              --where FIELD=VALUE    keep only rows whose FIELD equals VALUE (repeatable)
              --where-not FIELD=VALUE  drop rows whose FIELD equals VALUE (repeatable)
              --c 0.5,1,2,...        C values to cross-validate (default 0.5..32); one value = no CV
              --folds N              cross-validation folds (default 5)
              --cv-group FIELD       choose C by leaving out one FIELD value at a time (e.g. app, project)
                                     instead of random folds; needs at least two values
              --no-balance           do not weight classes by inverse frequency
              --baseline             plain TF-IDF (word unigrams) + logistic regression, C=1, unweighted
              --embedding-head       also train the cascade's second opinion on e5-small-v2 sentence embeddings
                                     (~7-9 ms CPU per example; the service and evaluate consult it for
                                     items the sparse model is unsure of, see docs/triage-quality.md)
              --word-bits N --char-bits N --char-range MIN-MAX --no-bigrams   feature settings
            """;

    private Train() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args;
        ClassifierTrainer.Options options;
        try {
            args = new Args(argv, Set.of("--no-balance", "--baseline", "--no-bigrams", "--embedding-head"),
                    Set.of("--data", "--out", "--name", "--where", "--where-not", "--c", "--folds", "--cv-group", "--word-bits", "--char-bits",
                            "--char-range"));
            args.required("--out");
            args.dataFiles();
            args.selection();
            options = options(args);
        } catch (Args.UsageException e) {
            err.println("train: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return train(args, options, out);
        } catch (IOException | IllegalArgumentException e) {
            // a file that is missing or not labelled JSONL, or data that cannot train a model: one line, no stack trace
            err.println("train: " + Args.describe(e));
            return 1;
        }
    }

    private static ClassifierTrainer.Options options(Args args) {
        String name = args.get("--name", Path.of(args.get("--out", null)).getFileName().toString().replaceFirst("\\.bin$", ""));
        ClassifierTrainer.Options base = args.flag("--baseline") ? ClassifierTrainer.Options.baseline(name)
                : ClassifierTrainer.Options.defaults(name);
        FeatureSpec spec = base.spec();
        if (!args.flag("--baseline")) {
            String range = args.get("--char-range", spec.charMin() + "-" + spec.charMax());
            String[] bounds = range.split("-");
            if (bounds.length != 2) {
                throw new Args.UsageException("--char-range takes MIN-MAX, got " + range);
            }
            try {
                spec = new FeatureSpec(args.integer("--word-bits", spec.wordBits()), args.integer("--char-bits", spec.charBits()),
                        !args.flag("--no-bigrams"), Integer.parseInt(bounds[0].strip()), Integer.parseInt(bounds[1].strip()));
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--char-range takes MIN-MAX, got " + range);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        try {
            return new ClassifierTrainer.Options(name, spec, args.numbers("--c", base.cGrid()), args.integer("--folds", base.folds()),
                    base.balanced() && !args.flag("--no-balance"), base.seed());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    private static int train(Args args, ClassifierTrainer.Options options, PrintStream out) throws IOException {
        Path target = Path.of(args.get("--out", null));
        FeatureSpec spec = options.spec();
        List<LabelledExample> examples = LabelledData.read(args.dataFiles(), args.selection(), args.get("--cv-group", null));
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        out.printf(Locale.ROOT, "training on %d examples %s%n", examples.size(), counts);
        long start = System.nanoTime();
        ClassifierTrainer.Result result = ClassifierTrainer.train(examples, options);
        out.println("C chosen by " + result.validation());
        result.cvMacroF1().forEach((c, f1) -> out.printf(Locale.ROOT, "  C=%-6s cross-validated macro-F1 %.4f%n", c, f1));
        LinearTextClassifier model = result.model();
        if (args.flag("--embedding-head")) {
            long encodeStart = System.nanoTime();
            try (SentenceEncoder encoder = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q)) {
                ClassifierTrainer.Result head = ClassifierTrainer.withEmbeddingHead(model, examples, encoder, options);
                out.println("embedding head (" + encoder.name() + "): C chosen by " + head.validation());
                head.cvMacroF1().forEach((c, f1) -> out.printf(Locale.ROOT, "  C=%-6s cross-validated macro-F1 %.4f%n", c, f1));
                out.printf(Locale.ROOT, "embedding head C=%s, trained in %.1f s%n", head.model().embeddingHead().orElseThrow().c(),
                        (System.nanoTime() - encodeStart) / 1e9);
                model = head.model();
            }
        }
        ClassifierModels.write(model, target);
        out.printf(Locale.ROOT, "C=%s, %d features, trained in %.1f s%nwrote %s (%d bytes), version %s%n", result.model().info().c(),
                spec.dimension(), (System.nanoTime() - start) / 1e9, target, Files.size(target), model.version());
        return 0;
    }
}
