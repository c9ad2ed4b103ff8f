package dev.hypercare.triage;

import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.rules.Categoriser;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The enrichment and classifier models, loaded on a thread of their own while Kafka Streams starts.
 *
 * <p>Loading them (language profiles, sentiment model, classifier: 0.9-1.1 s on a 2-core machine) had been on the
 * start's critical path, before the topology was handed over; Kafka Streams' start (group join, task and store
 * set-up) is mostly waiting on the broker, so the two now overlap. What triage guarantees is unchanged: no record
 * is triaged without the models (a stream thread that reaches the enrich step first waits for them), the service
 * is not ready before they are loaded (see {@code TriageStoreReadiness}), and a model that cannot be loaded still
 * fails the start.
 */
@Singleton
public class TriageModels {

    private final Supplier<Enricher> enricherLoader;
    private final Supplier<Categoriser> categoriserLoader;
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
    private final AtomicBoolean loading = new AtomicBoolean();

    private record Loaded(Enricher enricher, Categoriser categoriser) {
    }

    /** The beans of {@code EnrichProducer} and {@code RulesProducer}: built on the loading thread, once. */
    @Inject
    TriageModels(Instance<Enricher> enricher, Instance<Categoriser> categoriser) {
        this(enricher::get, categoriser::get);
    }

    TriageModels(Supplier<Enricher> enricher, Supplier<Categoriser> categoriser) {
        this.enricherLoader = enricher;
        this.categoriserLoader = categoriser;
    }

    /** Starts loading the models on a thread of its own (the first call only) and returns at once. */
    public void startLoading() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        // Two threads: the classifier's sentence encoder (~1.5-2 s) loads beside the enrichment models instead of after.
        loadOn("triage-models", enricherLoader).thenCombine(loadOn("triage-classifier-model", categoriserLoader), Loaded::new)
                .whenComplete((models, failure) -> {
                    if (failure == null) {
                        loaded.complete(models);
                    } else {
                        loaded.completeExceptionally(failure instanceof CompletionException e && e.getCause() != null
                                ? e.getCause() : failure);
                    }
                });
    }

    private static <T> CompletableFuture<T> loadOn(String threadName, Supplier<T> loader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(loader.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        // A start that fails elsewhere must not be held open by this thread.
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** True once both models are loaded; false while loading and after a failure. */
    public boolean isLoaded() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }

    /** The enricher, waiting for it if it is still loading. */
    public Enricher enricher() {
        return await().enricher();
    }

    /** The categoriser with its classifier, waiting for it if it is still loading. */
    public Categoriser categoriser() {
        return await().categoriser();
    }

    /**
     * Fails the start, as before, when a model cannot be loaded. Runs after the extension's own start observer
     * (default priority), which hands Kafka Streams' start to another thread: the two still overlap.
     */
    void failTheStartWithoutModels(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        await();
    }

    private Loaded await() {
        startLoading();
        try {
            return loaded.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
