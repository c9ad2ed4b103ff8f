package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One instance serves every stream thread: answers under concurrency equal the single-threaded ones. */
class ConcurrentUseTest {

    @Test
    void givenOneModelSharedByFourThreads_whenClassifyingTheSameTexts_thenEveryThreadGetsTheSingleThreadedAnswers() throws Exception {
        LinearTextClassifier model = ClassifierModels.loadDefault();
        List<String> texts = new ArrayList<>();
        for (LabelledExample e : Samples.small()) {
            texts.add(e.text());
        }
        List<FeedbackClassifier.Prediction> expected = texts.stream().map(t -> model.classify(null, t)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<FeedbackClassifier.Prediction>>> runs = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                runs.add(pool.submit(() -> {
                    List<FeedbackClassifier.Prediction> last = null;
                    for (int round = 0; round < 50; round++) {
                        last = texts.stream().map(t -> model.classify(null, t)).toList();
                    }
                    return last;
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
