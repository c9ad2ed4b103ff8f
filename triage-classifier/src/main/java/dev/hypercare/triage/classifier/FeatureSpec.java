package dev.hypercare.triage.classifier;

/**
 * How text becomes features. Stored in the model file, so a model is always read back with the
 * features it was trained on.
 *
 * @param wordBits     log2 of the hashed word-feature space (unigrams, and bigrams if enabled)
 * @param charBits     log2 of the hashed character n-gram space
 * @param wordBigrams  whether adjacent word pairs are features ("not working", "please add")
 * @param charMin      shortest character n-gram, taken inside word boundaries
 * @param charMax      longest character n-gram; 0 disables character n-grams
 */
public record FeatureSpec(int wordBits, int charBits, boolean wordBigrams, int charMin, int charMax) {

    /**
     * Word 1-2 grams and character 2-5 grams: character n-grams carry typos, inflections and
     * French/English stems that an unseen app's reviews share with the training ones, where whole
     * words often do not.
     */
    public static final FeatureSpec DEFAULT = new FeatureSpec(17, 18, true, 2, 5);

    /** The plain baseline the issue asks for: word unigram TF-IDF only. */
    public static final FeatureSpec WORDS_ONLY = new FeatureSpec(17, 1, false, 0, 0);

    public FeatureSpec {
        if (wordBits < 1 || wordBits > 24 || charBits < 1 || charBits > 24) {
            throw new IllegalArgumentException("feature space bits must be 1..24, got " + wordBits + "/" + charBits);
        }
        if (charMax != 0 && (charMin < 1 || charMax < charMin || charMax > 8)) {
            throw new IllegalArgumentException("character n-grams must satisfy 1 <= min <= max <= 8, got " + charMin + ".." + charMax);
        }
    }

    int wordDim() {
        return 1 << wordBits;
    }

    int charDim() {
        return charMax == 0 ? 0 : 1 << charBits;
    }

    /** Word block is [0, wordDim), character block [wordDim, wordDim + charDim). */
    public int dimension() {
        return wordDim() + charDim();
    }
}
