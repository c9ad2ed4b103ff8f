package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sparse model decides what it is sure of; below {@code below} confidence a sentence embedding's head gives a
 * second opinion and the two probability vectors are averaged. Embedding costs ~7-9 ms CPU per item against the
 * sparse model's ~13 us, so it is spent only where the sparse model hesitates: on another app's reviews about one
 * item in ten falls below 0.55 and gets most of the embedding's gain (docs/triage-quality.md, "Cascade").
 */
public final class CascadeClassifier implements FeedbackClassifier, AutoCloseable {

    /** The service's and evaluate's default threshold (hypercare.triage.classifier.cascade-below). */
    public static final double DEFAULT_BELOW = 0.55;

    private final LinearTextClassifier sparse;
    private final EmbeddingHead head;
    private final SentenceEncoder encoder;
    private final double below;
    private final String version;
    private final LongAdder classified = new LongAdder();
    private final LongAdder embedded = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * @param encoder owned from now on: {@link #close()} closes it
     * @param below   sparse confidence under which the embedding is consulted, in (0, 1]
     * @throws IllegalArgumentException if the model has no embedding head or the encoder is not the head's
     */
    public CascadeClassifier(LinearTextClassifier sparse, SentenceEncoder encoder, double below) {
        this.head = sparse.embeddingHead().orElseThrow(
                () -> new IllegalArgumentException(sparse.version() + " has no embedding head (train it with --embedding-head)"));
        if (!head.encoder().equals(encoder.name())) {
            throw new IllegalArgumentException("the embedding head was trained on " + head.encoder() + ", not " + encoder.name());
        }
        if (!(below > 0 && below <= 1)) {
            throw new IllegalArgumentException("cascade threshold must be in (0, 1] (0 turns the cascade off where it is"
                    + " configured), got " + below);
        }
        this.sparse = sparse;
        this.encoder = encoder;
        this.below = below;
        this.version = sparse.version() + "+" + head.encoder() + "<" + String.format(Locale.ROOT, "%.2f", below);
    }

    @Override
    public Prediction classify(String title, String text) {
        classified.increment();
        // The sparse confidence of an item the second opinion re-decided; NaN when the sparse answer stands.
        double[] redecidedAt = {Double.NaN};
        Prediction p = sparse.classify(title, text, probabilities -> {
            int k = head.classes().size(); // the scratch array may be longer than the class count
            double top = max(probabilities, k);
            if (top >= below) {
                return probabilities;
            }
            double[] second;
            try {
                second = head.probabilities(encoder.encode(title, text));
            } catch (RuntimeException e) {
                // A second opinion that cannot be had must not fail the stream task (and with it every item behind
                // this one): the sparse answer stands, and the failure is counted where operators see it.
                failed.increment();
                return probabilities;
            }
            double[] mixed = new double[k];
            for (int c = 0; c < k; c++) {
                mixed[c] = (probabilities[c] + second[c]) / 2;
            }
            redecidedAt[0] = top;
            return mixed;
        });
        if (Double.isNaN(redecidedAt[0])) {
            return p;
        }
        embedded.increment();
        List<String> signals = new ArrayList<>(p.signals().size() + 1);
        signals.addAll(p.signals());
        signals.add(String.format(Locale.ROOT, "%s second opinion (sparse confidence %.2f < %.2f)", head.encoder(), redecidedAt[0], below));
        return new Prediction(p.category(), p.confidence(), List.copyOf(signals));
    }

    private static double max(double[] values, int length) {
        double top = values[0];
        for (int k = 1; k < length; k++) {
            top = Math.max(top, values[k]);
        }
        return top;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Set<Category> categories() {
        return sparse.categories();
    }

    public double below() {
        return below;
    }

    /** Items classified so far, and how many of them the embedding re-decided: the share the cascade pays for. */
    public long classified() {
        return classified.sum();
    }

    public long embedded() {
        return embedded.sum();
    }

    /** Second opinions the encoder failed to give (the sparse answer was kept). */
    public long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
