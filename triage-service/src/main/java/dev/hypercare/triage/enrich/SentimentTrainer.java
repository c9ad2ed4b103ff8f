package dev.hypercare.triage.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains and evaluates the {@link SentimentModel} from star-rated JSONL ({@code {"text": ..., "rating": 1..5}}
 * one a line; 4-5 stars are positive, 1-2 negative, 3 is left out).
 *
 * <pre>
 * train:    SentimentTrainer train OUT.bin TRAIN.jsonl [TRAIN2.jsonl ...]
 * evaluate: SentimentTrainer evaluate MODEL.bin TEST.jsonl [--app NAME]
 * </pre>
 * Logistic regression by plain SGD with L2 and a decaying step, shuffled with a fixed seed (reproducible).
 */
public final class SentimentTrainer {

    static final int DIMENSIONS = 1 << 17;
    private static final int EPOCHS = 8;
    private static final double L2 = 1e-6;

    record Example(String text, boolean positive, String app) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("train")) {
            List<Example> examples = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                examples.addAll(read(Path.of(args[i]), null, false));
            }
            SentimentModel model = train(examples, "sentiment-lr-" + examples.size() + "-" + Path.of(args[2]).getFileName());
            try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
                model.write(out);
            }
            System.out.printf(Locale.ROOT, "trained %s on %d examples -> %s%n", model.version(), examples.size(), args[1]);
        } else if (args.length >= 3 && args[0].equals("evaluate")) {
            SentimentModel model;
            try (var in = Files.newInputStream(Path.of(args[1]))) {
                model = SentimentModel.read(in);
            }
            String app = args.length >= 5 && args[3].equals("--app") ? args[4] : null;
            System.out.println(evaluate(model, read(Path.of(args[2]), app, false)));
        } else if (args.length >= 2 && args[0].equals("cross-app")) {
            // cross-app FILE... : train on every app but one, evaluate on that one
            List<Example> all = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                all.addAll(read(Path.of(args[i]), null, false));
            }
            for (String heldOut : all.stream().map(Example::app).distinct().sorted().toList()) {
                SentimentModel model = train(all.stream().filter(e -> !e.app().equals(heldOut)).toList(), "cross-app");
                System.out.println("held out " + heldOut + ": "
                        + evaluate(model, all.stream().filter(e -> e.app().equals(heldOut)).toList()));
            }
        } else {
            System.err.println("usage: train OUT.bin TRAIN.jsonl... | evaluate MODEL.bin TEST.jsonl [--app NAME] | cross-app FILE...");
            System.exit(2);
        }
    }

    static List<Example> read(Path file, String app, boolean keepNeutral) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = Json.mapper().readTree(line);
            int rating = row.path("rating").asInt(3);
            String rowApp = row.path("app").asText("");
            if ((rating == 3 && !keepNeutral) || (app != null && !app.equals(rowApp))) {
                continue;
            }
            out.add(new Example(row.path("text").asText(), rating >= 4, rowApp));
        }
        return out;
    }

    static SentimentModel train(List<Example> examples, String version) {
        float[] w = new float[DIMENSIONS];
        double bias = 0;
        List<Example> order = new ArrayList<>(examples);
        Random random = new Random(42);
        int mask = DIMENSIONS - 1;
        long step = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, random);
            for (Example e : order) {
                double rate = 0.5 / (1 + step++ * 1e-4);
                int[] features = SentimentModel.features(e.text(), mask);
                double z = bias;
                for (int f : features) {
                    z += w[f];
                }
                double gradient = (e.positive() ? 1 : 0) - 1 / (1 + Math.exp(-z));
                for (int f : features) {
                    w[f] += (float) (rate * (gradient - L2 * w[f]));
                }
                bias += rate * gradient;
            }
        }
        return new SentimentModel(version, w, (float) bias);
    }

    static String evaluate(SentimentModel model, List<Example> examples) {
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        for (Example e : examples) {
            boolean predicted = model.score(e.text()) > 0;
            if (predicted && e.positive()) {
                tp++;
            } else if (!predicted && !e.positive()) {
                tn++;
            } else if (predicted) {
                fp++;
            } else {
                fn++;
            }
        }
        double accuracy = (tp + tn) / (double) Math.max(1, examples.size());
        double pPos = tp / (double) Math.max(1, tp + fp);
        double rPos = tp / (double) Math.max(1, tp + fn);
        double pNeg = tn / (double) Math.max(1, tn + fn);
        double rNeg = tn / (double) Math.max(1, tn + fp);
        double f1Pos = 2 * pPos * rPos / Math.max(1e-9, pPos + rPos);
        double f1Neg = 2 * pNeg * rNeg / Math.max(1e-9, pNeg + rNeg);
        return String.format(Locale.ROOT, "n=%d accuracy=%.3f macroF1=%.3f (positive F1 %.3f, negative F1 %.3f)",
                examples.size(), accuracy, (f1Pos + f1Neg) / 2, f1Pos, f1Neg);
    }
}
