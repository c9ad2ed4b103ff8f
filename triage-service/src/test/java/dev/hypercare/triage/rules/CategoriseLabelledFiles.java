package dev.hypercare.triage.rules;

import dev.hypercare.model.Category;
import dev.hypercare.triage.TestFeedback;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.classifier.CascadeClassifier;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.Evaluation;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import dev.hypercare.triage.classifier.LinearTextClassifier;
import dev.hypercare.triage.classifier.SentenceEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The categorise step as the service runs it (the shipped rules or a rules document of yours, then the default model or
 * one of yours, with its cascade) on labelled feedback from anywhere: what an ops team sees, not the classifier alone. Prints
 * the model alone, then rules then model, as {@code evaluate} does (per class, macro-F1, confusion), and what each rule
 * decided. A measurement tool, not a test: the data is yours and is not in the repository.
 *
 * <pre>
 * ./mvnw -q -pl triage-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "triage-service/target/test-classes:triage-service/target/classes:$(cat triage-service/target/cp.txt)" \
 *   dev.hypercare.triage.rules.CategoriseLabelledFiles [--rules my-rules.json] [--model my-model.bin] [--cascade-below 0.55] [--as-other QUESTION,PRAISE] labelled.jsonl...
 * </pre>
 *
 * Labelled files as {@code train}/{@code evaluate} read them (text or body, optional title, label or labels).
 */
public final class CategoriseLabelledFiles {

    private CategoriseLabelledFiles() {
    }

    public static void main(String[] args) throws Exception {
        Path rules = null;
        Path modelFile = null;
        double cascadeBelow = 0.55;
        Set<Category> asOther = EnumSet.noneOf(Category.class);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = Path.of(args[++i]);
                case "--model" -> modelFile = Path.of(args[++i]);
                case "--cascade-below" -> cascadeBelow = Double.parseDouble(args[++i]);
                // For labels without these kinds (Mini-BAR: BUG, FEATURE_REQUEST, OTHER), where they are kinds of OTHER.
                case "--as-other" -> Arrays.stream(args[++i].split(",")).map(Category::valueOf).forEach(asOther::add);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: CategoriseLabelledFiles [--rules rules.json] [--model model.bin] [--cascade-below P] [--as-other QUESTION,PRAISE] labelled.jsonl...");
            System.exit(2);
        }
        List<LabelledExample> examples = LabelledData.read(files, LabelledData.Selection.ALL);
        LinearTextClassifier sparse = modelFile == null ? ClassifierModels.loadDefault() : ClassifierModels.load(modelFile);
        FeedbackClassifier model = sparse.embeddingHead().isPresent() && cascadeBelow > 0
                ? new CascadeClassifier(sparse, SentenceEncoder.load(sparse.embeddingHead().get().encoder()), cascadeBelow)
                : sparse;
        TriagePolicy policy = rules == null ? TestPolicies.live().current()
                : RuleSetLoader.documentFromFile(rules).compile(TestPolicies.fallbacks(10, Duration.ofMinutes(15)),
                        rules.toString(), Instant.EPOCH);
        RulesAgainstModel run = RulesAgainstModel.of(examples, model, policy, asOther,
                System.getProperty("misses") != null ? System.out::println : miss -> { });
        List<Category> gold = run.gold();
        System.out.printf("%d items from %s; model %s; rules %s%n%n", gold.size(), files, model.version(), policy.rules().rulesVersion());
        Evaluation modelAlone = Evaluation.of(gold, run.modelAlone());
        Evaluation both = Evaluation.of(gold, run.rulesThenModel());
        System.out.printf("== the model alone: macro-F1 over the gold classes %.3f%n%s%n", overGoldClasses(modelAlone), modelAlone.format());
        System.out.printf("== rules, then the model (as the service runs): macro-F1 over the gold classes %.3f%n%s%n",
                overGoldClasses(both), both.format());
        System.out.println("decided by            items  right  (the model alone right)");
        run.byDecider().forEach((decider, n) -> System.out.printf("  %-22s %5d  %5d  (%d)%n", decider, n[0], n[1], n[2]));
    }

    /**
     * The mean F1 of the classes the labels use: an item put in a class the labels never use (OTHER, PRAISE for issue
     * reports labelled bug / feature / question) is a miss of its own class, not a class of its own scored 0 as well,
     * which is how issue-report benchmarks (NLBSE) average.
     */
    private static double overGoldClasses(Evaluation evaluation) {
        return evaluation.perClass().values().stream().filter(m -> m.support() > 0)
                .mapToDouble(Evaluation.ClassMetrics::f1).average().orElse(0);
    }
}
