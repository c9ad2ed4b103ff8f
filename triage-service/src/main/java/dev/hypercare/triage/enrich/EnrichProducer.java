package dev.hypercare.triage.enrich;

import dev.hypercare.triage.TriageConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Loads the language models and the sentiment model once, at start (never per record). */
public class EnrichProducer {

    private static final Logger LOG = Logger.getLogger(EnrichProducer.class);

    @Produces
    @Singleton
    Enricher enricher(TriageConfig config) {
        long start = System.nanoTime();
        LanguageDetector languages = new LanguageDetector(config.enrich().languages());
        SentimentModel sentiment = SentimentModel.fromClasspath(SentimentModel.DEFAULT_RESOURCE);
        LOG.infof("Enrichment ready in %d ms: languages %s, sentiment model %s", (System.nanoTime() - start) / 1_000_000,
                config.enrich().languages(), sentiment.version());
        return new Enricher(languages, sentiment);
    }
}
