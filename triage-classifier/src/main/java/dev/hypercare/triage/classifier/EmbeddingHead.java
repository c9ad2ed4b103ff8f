package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.List;

/**
 * A one-vs-rest logistic regression over a {@link SentenceEncoder}'s embedding: the second opinion of a
 * {@link CascadeClassifier}, stored in the model file beside the sparse model (format 2). Its classes are the
 * sparse model's, in the same order, so the two probability vectors can be averaged.
 *
 * @param encoder   the encoder the head was trained on ({@link SentenceEncoder#name()})
 * @param classes   the sparse model's classes, in its order
 * @param weights   weights[j * classes + k] for embedding dimension j and class k
 * @param bias      one per class
 * @param c         the regularisation chosen by cross-validation
 */
public record EmbeddingHead(String encoder, List<Category> classes, float[] weights, float[] bias, double c) {

    public EmbeddingHead {
        classes = List.copyOf(classes);
        if (bias.length != classes.size() || weights.length % classes.size() != 0) {
            throw new IllegalArgumentException("embedding head arrays do not match its " + classes.size() + " classes");
        }
    }

    public int dimension() {
        return weights.length / classes.size();
    }

    /** Probabilities in class order; sigmoids normalised to sum 1, as the sparse model scores. */
    public double[] probabilities(float[] embedding) {
        if (embedding.length != dimension()) {
            throw new IllegalArgumentException("embedding of " + embedding.length + " values, head of " + dimension());
        }
        int k = classes.size();
        double[] score = new double[k];
        for (int c = 0; c < k; c++) {
            score[c] = bias[c];
        }
        for (int j = 0; j < embedding.length; j++) {
            float x = embedding[j];
            for (int c = 0; c < k; c++) {
                score[c] += weights[j * k + c] * x;
            }
        }
        LinearTextClassifier.normalisedSigmoids(score, k);
        return score;
    }
}
