package dev.hypercare.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.rules.Categoriser;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TriageModelsTest {

    @Test
    void shouldNotBeLoadedWhileAModelIsLoadingAndMakeARecordWaitForIt() throws Exception {
        // given a classifier that takes its time to load
        CountDownLatch classifierRead = new CountDownLatch(1);
        Enricher enricher = TestPolicies.enricher();
        Categoriser categoriser = new Categoriser(null);
        TriageModels models = new TriageModels(() -> enricher, () -> {
            await(classifierRead);
            return categoriser;
        });

        // when loading starts, and a stream thread asks for the categoriser meanwhile
        models.startLoading();
        CompletableFuture<Categoriser> asked = CompletableFuture.supplyAsync(models::categoriser);

        // then neither the service nor the record goes on before the model is there
        Thread.sleep(100);
        assertThat(models.isLoaded()).isFalse();
        assertThat(asked).isNotDone();

        // and once it is, both have the loaded models
        classifierRead.countDown();
        assertThat(asked.get(10, TimeUnit.SECONDS)).isSameAs(categoriser);
        assertThat(models.isLoaded()).isTrue();
        assertThat(models.enricher()).isSameAs(enricher);
    }

    @Test
    void shouldFailTheStartWithTheErrorOfAModelThatCannotBeLoaded() {
        // given a classifier model file that cannot be read
        TriageModels models = new TriageModels(TestPolicies::enricher, () -> {
            throw new UncheckedIOException("Cannot load the classifier model /nowhere/model.bin", new IOException("gone"));
        });

        // when the start waits for the models, then it fails with that error, and the service never becomes ready
        assertThatThrownBy(() -> models.failTheStartWithoutModels(null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/nowhere/model.bin");
        assertThat(models.isLoaded()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
