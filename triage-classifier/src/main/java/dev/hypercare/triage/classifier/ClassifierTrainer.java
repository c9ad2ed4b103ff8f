package dev.hypercare.triage.classifier;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.hypercare.model.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Trains a {@link LinearTextClassifier}: hashed TF-IDF features, L2-regularised logistic
 * regression (LIBLINEAR's primal trust-region Newton solver, deterministic), with C chosen by
 * stratified k-fold cross-validation on the training data only.
 */
public final class ClassifierTrainer {

    /**
     * @param name     recorded in the model and its version
     * @param spec     the features
     * @param cGrid    candidate C values; one value means no cross-validation
     * @param folds    cross-validation folds
     * @param balanced weight classes inversely to their frequency (macro-F1 counts a rare class as
     *                 much as a frequent one)
     * @param seed     fold assignment seed, so a training run is reproducible
     */
    public record Options(String name, FeatureSpec spec, List<Double> cGrid, int folds, boolean balanced, long seed) {

        /** The shipped configuration. */
        public static Options defaults(String name) {
            return new Options(name, FeatureSpec.DEFAULT, List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0), 5, true, 42);
        }

        /** The plain TF-IDF + logistic-regression baseline: word unigrams, C = 1, no class weights. */
        public static Options baseline(String name) {
            return new Options(name, FeatureSpec.WORDS_ONLY, List.of(1.0), 5, false, 42);
        }

        public Options {
            if (cGrid.isEmpty() || cGrid.stream().anyMatch(c -> !(c > 0))) {
                throw new IllegalArgumentException("C values must be positive: " + cGrid);
            }
            if (cGrid.size() > 1 && folds < 2) {
                throw new IllegalArgumentException("cross-validation needs at least 2 folds");
            }
        }
    }

    /**
     * The trained model, the cross-validated macro-F1 of every C tried (empty when C was fixed) and
     * how C was validated.
     */
    public record Result(LinearTextClassifier model, Map<Double, Double> cvMacroF1, String validation) {
    }

    private ClassifierTrainer() {
    }

    public static Result train(List<LabelledExample> examples, Options options) {
        Set<Category> present = EnumSet.noneOf(Category.class);
        examples.forEach(e -> present.add(e.label()));
        if (present.size() < 2) {
            throw new IllegalArgumentException("training needs at least two categories, got " + present + " in "
                    + examples.size() + " examples");
        }
        Category[] classes = present.toArray(Category[]::new);
        FeatureSpec spec = options.spec();
        TextFeatures features = new TextFeatures(spec);
        int n = examples.size();
        TextFeatures.Counts[] counts = new TextFeatures.Counts[n];
        int[] df = new int[spec.dimension()];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            LabelledExample e = examples.get(i);
            counts[i] = features.count(e.title(), e.text());
            for (int index : counts[i].index()) {
                df[index]++;
            }
            y[i] = Arrays.asList(classes).indexOf(e.label());
        }
        // Smoothed IDF, as scikit-learn: ln((1 + n) / (1 + df)) + 1. A bucket no training text
        // filled gets 0, so at inference it is dropped like an out-of-vocabulary word: otherwise a
        // text full of another app's new words would see its known features shrunk by the L2 norm.
        float[] idf = new float[spec.dimension()];
        for (int j = 0; j < idf.length; j++) {
            idf[j] = df[j] == 0 ? 0f : (float) (Math.log((1.0 + n) / (1.0 + df[j])) + 1);
        }
        Feature[][] x = new Feature[n][];
        for (int i = 0; i < n; i++) {
            double[] v = LinearTextClassifier.weigh(counts[i], idf);
            int[] index = counts[i].index();
            Feature[] row = new Feature[index.length];
            for (int j = 0; j < index.length; j++) {
                row[j] = new FeatureNode(index[j] + 1, v[j]); // LIBLINEAR indices start at 1
            }
            x[i] = row;
        }

        CChoice choice = chooseC(examples, x, y, classes.length, spec.dimension(), options);
        Map<Double, Double> cv = choice.cv();
        double bestC = choice.c();
        String validation = choice.validation();
        Model model = fit(x, y, classes.length, spec.dimension(), bestC, options.balanced());

        int k = classes.length;
        float[] weights = new float[spec.dimension() * k];
        float[] bias = new float[k];
        extract(model, k, spec.dimension(), weights, bias);
        Map<Category, Integer> classCounts = new EnumMap<>(Category.class);
        examples.forEach(e -> classCounts.merge(e.label(), 1, Integer::sum));
        ModelInfo info = new ModelInfo(options.name(), dataDigest(examples), n, classCounts, bestC, options.balanced(),
                cv.isEmpty() ? Double.NaN : cv.get(bestC), validation);
        LinearTextClassifier built = new LinearTextClassifier(info, spec, classes, idf, weights, bias, options.name());
        try {
            // Through the file format, so the in-memory model carries the same digest-based version as its file.
            return new Result(ClassifierModels.read(ClassifierModels.bytes(built), options.name()), cv, validation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Trains the cascade's second opinion on the same examples: a logistic regression over each example's sentence
     * embedding, with C chosen over the same grid and folds as the sparse model's; returns the sparse model with the
     * head added (a format-2 file, so a new version). Encoding costs ~7-9 ms CPU per example, spread over the cores.
     */
    public static Result withEmbeddingHead(LinearTextClassifier sparse, List<LabelledExample> examples, SentenceEncoder encoder,
            Options options) {
        List<Category> classes = sparse.classList();
        int n = examples.size();
        int dimension = -1;
        Feature[][] x = new Feature[n][];
        int[] y = new int[n];
        // Encoding is nearly all of the cost, and each example's embedding is independent of the others (one ONNX
        // session serves concurrent calls): on every core.
        float[][] embeddings = IntStream.range(0, n).parallel()
                .mapToObj(i -> encoder.encode(examples.get(i).title(), examples.get(i).text())).toArray(float[][]::new);
        for (int i = 0; i < n; i++) {
            LabelledExample e = examples.get(i);
            float[] v = embeddings[i];
            dimension = v.length;
            Feature[] row = new Feature[v.length];
            for (int j = 0; j < v.length; j++) {
                row[j] = new FeatureNode(j + 1, v[j]);
            }
            x[i] = row;
            y[i] = classes.indexOf(e.label());
            if (y[i] < 0) {
                throw new IllegalArgumentException("example " + i + " is labelled " + e.label() + ", which the sparse model lacks");
            }
        }
        CChoice choice = chooseC(examples, x, y, classes.size(), dimension, options);
        Model model = fit(x, y, classes.size(), dimension, choice.c(), options.balanced());
        float[] weights = new float[dimension * classes.size()];
        float[] bias = new float[classes.size()];
        extract(model, classes.size(), dimension, weights, bias);
        try {
            return new Result(ClassifierModels.withHead(sparse, new EmbeddingHead(encoder.name(), classes, weights, bias, choice.c())),
                    choice.cv(), choice.validation());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record CChoice(double c, Map<Double, Double> cv, String validation) {
    }

    /**
     * C from the grid by cross-validated macro-F1: one fold per group when every example has one (another app,
     * another project: how the model is used), else stratified folds; a grid of one value is taken as it is.
     */
    private static CChoice chooseC(List<LabelledExample> examples, Feature[][] x, int[] y, int classCount, int dimension,
            Options options) {
        Linear.disableDebugOutput();
        Map<Double, Double> cv = new TreeMap<>();
        if (options.cGrid().size() == 1) {
            return new CChoice(options.cGrid().get(0), cv, "fixed C");
        }
        int[] fold = groupFolds(examples);
        int folds;
        String validation;
        if (fold != null) {
            folds = Arrays.stream(fold).max().orElse(0) + 1;
            validation = "leave-one-group-out over " + folds + " groups";
        } else {
            fold = stratifiedFolds(y, classCount, options.folds(), options.seed());
            folds = options.folds();
            validation = folds + "-fold stratified";
        }
        double best = -1;
        double bestC = options.cGrid().get(0);
        for (double c : options.cGrid()) {
            double f1 = crossValidate(x, y, fold, folds, classCount, dimension, c, options.balanced());
            cv.put(c, f1);
            // Strictly better only: ties keep the smaller C (stronger regularisation generalises better).
            if (f1 > best + 1e-9) {
                best = f1;
                bestC = c;
            }
        }
        return new CChoice(bestC, cv, validation);
    }

    private static Model fit(Feature[][] x, int[] y, int classCount, int dimension, double c, boolean balanced) {
        Problem problem = new Problem();
        problem.l = x.length;
        problem.n = dimension + 1;
        problem.x = withBias(x, dimension + 1);
        problem.y = Arrays.stream(y).asDoubleStream().toArray();
        problem.bias = 1;
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.01);
        if (balanced) {
            int[] perClass = new int[classCount];
            for (int label : y) {
                perClass[label]++;
            }
            int[] labels = new int[classCount];
            double[] w = new double[classCount];
            for (int k = 0; k < classCount; k++) {
                labels[k] = k;
                w[k] = perClass[k] == 0 ? 1 : (double) y.length / (classCount * perClass[k]);
            }
            parameter.setWeights(w, labels);
        }
        return Linear.train(problem, parameter);
    }

    private static Feature[][] withBias(Feature[][] x, int biasIndex) {
        Feature[][] out = new Feature[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = Arrays.copyOf(x[i], x[i].length + 1);
            out[i][x[i].length] = new FeatureNode(biasIndex, 1);
        }
        return out;
    }

    /** LIBLINEAR keeps one weight vector per label in label order; two classes share one vector. */
    private static void extract(Model model, int k, int dimension, float[] weights, float[] bias) {
        double[] w = model.getFeatureWeights();
        int[] labels = model.getLabels();
        int vectors = model.getNrClass() == 2 ? 1 : model.getNrClass();
        int rows = w.length / vectors; // the features, then the bias column (index == dimension)
        for (int v = 0; v < vectors; v++) {
            int cls = labels[v];
            for (int j = 0; j < rows; j++) {
                double value = w[j * vectors + v];
                if (j < dimension) {
                    weights[j * k + cls] = (float) value;
                    if (vectors == 1) {
                        weights[j * k + labels[1]] = (float) -value;
                    }
                } else {
                    bias[cls] = (float) value;
                    if (vectors == 1) {
                        bias[labels[1]] = (float) -value;
                    }
                }
            }
        }
    }

    private static double crossValidate(Feature[][] x, int[] y, int[] fold, int folds, int classCount, int dimension, double c,
            boolean balanced) {
        List<Category> gold = new ArrayList<>();
        List<Category> predicted = new ArrayList<>();
        Category[] names = Category.values(); // any distinct labels do for scoring
        for (int f = 0; f < folds; f++) {
            List<Feature[]> trainX = new ArrayList<>();
            List<Integer> trainY = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (fold[i] != f) {
                    trainX.add(x[i]);
                    trainY.add(y[i]);
                }
            }
            Model m = fit(trainX.toArray(Feature[][]::new), trainY.stream().mapToInt(Integer::intValue).toArray(), classCount,
                    dimension, c, balanced);
            for (int i = 0; i < x.length; i++) {
                if (fold[i] == f) {
                    Feature[] row = Arrays.copyOf(x[i], x[i].length + 1);
                    row[x[i].length] = new FeatureNode(dimension + 1, 1);
                    gold.add(names[y[i]]);
                    predicted.add(names[(int) Linear.predict(m, row)]);
                }
            }
        }
        return Evaluation.of(gold, predicted).macroF1();
    }

    /**
     * One fold per group when every example has a group and there are at least two: C is then
     * chosen for sources the model has not seen (another app, another project), which is how it is
     * used, instead of for more items like its training ones. Null otherwise.
     */
    static int[] groupFolds(List<LabelledExample> examples) {
        Map<String, Integer> ids = new TreeMap<>();
        for (LabelledExample e : examples) {
            if (e.group() == null) {
                return null;
            }
            ids.putIfAbsent(e.group(), 0);
        }
        if (ids.size() < 2) {
            return null;
        }
        int next = 0;
        for (Map.Entry<String, Integer> entry : ids.entrySet()) {
            entry.setValue(next++);
        }
        return examples.stream().mapToInt(e -> ids.get(e.group())).toArray();
    }

    /** Deals each class's examples round-robin over the folds after a seeded shuffle. */
    static int[] stratifiedFolds(int[] y, int classCount, int folds, long seed) {
        int[] fold = new int[y.length];
        Random random = new Random(seed);
        for (int k = 0; k < classCount; k++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == k) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int m = 0; m < members.size(); m++) {
                fold[members.get(m)] = m % folds;
            }
        }
        return fold;
    }

    /** SHA-256 over label, title and text of every example in order: identifies the training data. */
    static String dataDigest(List<LabelledExample> examples) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LabelledExample e : examples) {
                md.update(e.label().name().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(String.valueOf(e.title()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.text().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
