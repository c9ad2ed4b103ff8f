package dev.hypercare.triage.rules;

import dev.hypercare.triage.TriageConfig;
import dev.hypercare.triage.priority.PriorityMatrix;
import dev.hypercare.triage.classifier.CascadeClassifier;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LinearTextClassifier;
import dev.hypercare.triage.classifier.SentenceEncoder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Builds the policy in force at start: the rules document from {@code hypercare.triage.rules.file} if any,
 * else the classpath resource, with the matrix and thresholds of application.properties for whatever the
 * document leaves out. A broken shipped document fails the start; documents published later on
 * {@code hypercare.triage.rules} replace it live (see {@link LivePolicy}).
 */
public class RulesProducer {

    private static final Logger LOG = Logger.getLogger(RulesProducer.class);

    @Produces
    @Singleton
    LivePolicy livePolicy(TriageConfig config) {
        PolicyDocument.Defaults fallbacks = fallbacks(config);
        PolicyDocument document = config.rules().file()
                .map(RuleSetLoader::documentFromFile)
                .orElseGet(() -> RuleSetLoader.documentFromClasspath(config.rules().resource()));
        String source = config.rules().file().map(f -> "file:" + f).orElse("classpath:" + config.rules().resource());
        TriagePolicy defaults = document.compile(fallbacks, "defaults (" + source + ")", Instant.now());
        LOG.infof("Triage rules %s loaded (%d rules, from %s); live updates from document '%s' of the rules topic",
                defaults.version(), defaults.rules().ruleCount(), source, config.rules().document());
        return new LivePolicy(config.rules().document(), defaults, fallbacks);
    }

    /** The rule engine of the shipped defaults (tests and tools that need no live updates). */
    @Produces
    @Singleton
    RuleEngine ruleEngine(LivePolicy policy) {
        return policy.current().rules();
    }

    /**
     * The categorise step with its classifier, loaded once: the model file named by
     * {@code hypercare.triage.classifier.model} if any, else the default model shipped in triage-classifier's jar;
     * {@code hypercare.triage.classifier.enabled=false} leaves rules alone (unmatched items: OTHER, needs review).
     * A model file that cannot be read fails the start rather than silently triaging without it. A model with an
     * embedding head (the default one) is wrapped in the {@link CascadeClassifier} unless
     * {@code hypercare.triage.classifier.cascade-below=0}; the encoder loads here (~1.5-2 s of the start).
     */
    @Produces
    @Singleton
    Categoriser categoriser(TriageConfig config, MeterRegistry registry) {
        if (!config.classifier().enabled()) {
            LOG.info("Classifier disabled: items no rule categorises stay OTHER and are marked for review");
            return new Categoriser(null);
        }
        LinearTextClassifier model = config.classifier().model().map(file -> {
            try {
                return ClassifierModels.load(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load the classifier model " + file, e);
            }
        }).orElseGet(ClassifierModels::loadDefault);
        double below = config.classifier().cascadeBelow();
        if (!(below >= 0 && below <= 1)) {
            throw new IllegalArgumentException("hypercare.triage.classifier.cascade-below must be from 0 (off) to 1, got " + below);
        }
        FeedbackClassifier classifier = model;
        String cascading = "no embedding head in the model, no cascade";
        if (model.embeddingHead().isPresent() && below == 0) {
            cascading = "cascade off (cascade-below=0)";
        } else if (model.embeddingHead().isPresent()) {
            String encoder = model.embeddingHead().get().encoder();
            SentenceEncoder sentences = SentenceEncoder.load(encoder);
            CascadeClassifier cascade = new CascadeClassifier(model, sentences, below);
            // What the cascade costs: each second opinion is ~7-9 ms of CPU against ~13 us for the sparse model.
            FunctionCounter.builder("hypercare.triage.classifier.items", cascade, CascadeClassifier::classified)
                    .description("Items the classifier was asked about: no rule decided them, or a refining or yielding rule asked").register(registry);
            FunctionCounter.builder("hypercare.triage.classifier.second.opinions", cascade, CascadeClassifier::embedded)
                    .description("Of those, items below the cascade threshold that the sentence embedding re-decided")
                    .register(registry);
            FunctionCounter.builder("hypercare.triage.classifier.second.opinions.failed", cascade, CascadeClassifier::failed)
                    .description("Second opinions the encoder failed to give (the sparse answer was kept)").register(registry);
            FunctionCounter.builder("hypercare.triage.classifier.embedding.cache.hits", sentences, SentenceEncoder::cacheHits)
                    .description("Second opinions served from the encoder's recent embeddings (same input again)").register(registry);
            classifier = cascade;
            cascading = "below sparse confidence " + below + " the " + encoder + " embedding gives a second opinion";
        }
        LOG.infof("Classifier %s loaded (%s); %s; below confidence %.2f items are marked for review", classifier.version(),
                config.classifier().model().map(Object::toString).orElse("default model"), cascading, config.review().belowConfidence());
        return new Categoriser(classifier);
    }

    /** The cascade's ONNX Runtime session holds native memory: released when the application stops. */
    void closeClassifier(@Disposes Categoriser categoriser) {
        if (categoriser.classifier() instanceof CascadeClassifier cascade) {
            cascade.close();
        }
    }

    static PolicyDocument.Defaults fallbacks(TriageConfig config) {
        // Validate the configured matrix now: a bad cell in application.properties must fail the start.
        PriorityMatrix.from(config.matrix());
        return new PolicyDocument.Defaults(config.impact().highAffectedUsers(), config.impact().mediumAffectedUsers(),
                config.matrix(), new TriagePolicy.Thresholds(config.review().belowConfidence(),
                config.grouping().similarity(), config.escalation().after(), config.escalation().window()));
    }
}
