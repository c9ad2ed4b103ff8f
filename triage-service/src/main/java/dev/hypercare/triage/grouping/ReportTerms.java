package dev.hypercare.triage.grouping;

import java.util.Map;
import java.util.function.Function;

/**
 * Which terms of a report the recurring-issue grouping compares ({@code hypercare.triage.grouping.terms}).
 * Either way a group's centroid is term -> weight, so switching keeps the stored groups readable: they match the
 * other kind of terms more weakly until they gain members.
 */
public enum ReportTerms {
    /** Character 4-5-grams of each word ({@link CharNgramTermVector}): the default, groups cognates and inflections. */
    CHAR_NGRAMS(CharNgramTermVector::of),
    /** The first five letters of each word ({@link TermVector}): the earlier default, ~2.8x cheaper per report. */
    WORD_PREFIXES(TermVector::of);

    private final Function<String, Map<String, Double>> vector;

    ReportTerms(Function<String, Map<String, Double>> vector) {
        this.vector = vector;
    }

    /** The report's terms, term -> 1 + ln(tf), of what the reporter wrote (an issue template's scaffolding left out). */
    public Map<String, Double> of(String text) {
        return vector.apply(TemplateText.strip(text));
    }
}
