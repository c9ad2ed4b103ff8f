package dev.hypercare.triage.enrich;

import java.util.List;

/**
 * What enrichment found about one item's text.
 *
 * @param language  ISO 639-1 code, or {@link LanguageDetector#UNDETERMINED}
 * @param sentiment -1 (very negative) .. +1 (very positive)
 * @param signals   the evidence, for the decision's explanation
 */
public record Enrichment(String language, double sentiment, List<String> signals) {

    public static final Enrichment NONE = new Enrichment(LanguageDetector.UNDETERMINED, 0.0, List.of());

    public Enrichment {
        signals = List.copyOf(signals);
    }
}
