package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One instance serves every stream thread: answers under concurrency equal the single-threaded ones.
 * Each thread works in its own scratch memory; the texts mix short, long (scratch grows mid-run) and
 * non-Latin ones, and every thread takes them in a different order.
 */
class ConcurrentUseTest {

    @Test
    void givenOneModelSharedByFourThreads_whenClassifyingTheSameTexts_thenEveryThreadGetsTheSingleThreadedAnswers() throws Exception {
        LinearTextClassifier model = ClassifierModels.loadDefault();
        assertConcurrentAnswersEqualSingleThreaded(model, model, 50);
    }

    /** The cascade as the service shares it, every item through the encoder (one ONNX session for all threads). */
    @Test
    void givenOneCascadeSharedByFourThreads_whenEveryItemGetsASecondOpinion_thenEveryThreadGetsTheSingleThreadedAnswers()
            throws Exception {
        LinearTextClassifier model = ClassifierModels.loadDefault();
        // Two encoders: the single-threaded answers must not fill the shared one's cache of recent embeddings, or the
        // threads would never run the ONNX session at the same time.
        try (CascadeClassifier alone = new CascadeClassifier(model, SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q), 1.0);
                CascadeClassifier shared = new CascadeClassifier(model, SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q), 1.0)) {
            assertConcurrentAnswersEqualSingleThreaded(alone, shared, 1);
            assertThat(shared.failed()).isZero();
        }
    }

    private static void assertConcurrentAnswersEqualSingleThreaded(FeedbackClassifier reference, FeedbackClassifier model, int rounds)
            throws Exception {
        List<String> texts = new ArrayList<>();
        for (LabelledExample e : Samples.small()) {
            texts.add(e.text());
        }
        texts.add("L’appli plante 😡 à chaque synchro, Σίσυφος, 中文, 𝐁𝐮𝐠 ".repeat(300));
        texts.add("Please add an export option, it would be great ".repeat(500));
        texts.add("?!");
        List<FeedbackClassifier.Prediction> expected = texts.stream().map(t -> reference.classify(null, t)).toList();
        int n = texts.size();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<FeedbackClassifier.Prediction>>> runs = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread * 7;
                runs.add(pool.submit(() -> {
                    FeedbackClassifier.Prediction[] last = new FeedbackClassifier.Prediction[n];
                    for (int round = 0; round < rounds; round++) {
                        for (int i = 0; i < n; i++) {
                            int at = (i + offset + round) % n;
                            last[at] = model.classify(null, texts.get(at));
                        }
                    }
                    return List.of(last);
                }));
            }
            for (Future<List<FeedbackClassifier.Prediction>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
