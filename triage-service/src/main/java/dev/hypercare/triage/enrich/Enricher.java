package dev.hypercare.triage.enrich;

import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.explain.TwoDecimals;
import java.util.ArrayList;
import java.util.List;

/**
 * Language and sentiment of every item, computed once per item from its title and text.
 *
 * <p>Business rule: the language is detected among the configured candidates (English and French at least);
 * the sentiment model scores the text whatever its language (it was trained on both). Both go into the
 * decision and the explanation; a strongly negative sentiment raises urgency (see {@code ImpactUrgency}).
 * Immutable and thread-safe.
 */
public final class Enricher {

    private final LanguageDetector languages;
    private final SentimentModel sentiment;

    public Enricher(LanguageDetector languages, SentimentModel sentiment) {
        this.languages = languages;
        this.sentiment = sentiment;
    }

    public Enrichment enrich(RawFeedback feedback) {
        String text = feedback.title() == null ? feedback.text() : feedback.title() + ". " + feedback.text();
        String language = languages.detect(text);
        double score = sentiment.score(text);
        List<String> signals = new ArrayList<>(2);
        signals.add("language " + language);
        signals.add(TwoDecimals.append(new StringBuilder(32).append("sentiment "), score)
                .append(" (").append(sentiment.version()).append(')').toString());
        return new Enrichment(language, score, signals);
    }
}
