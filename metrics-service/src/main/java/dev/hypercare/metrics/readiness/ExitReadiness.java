package dev.hypercare.metrics.readiness;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * Whether a release is ready to leave hypercare: ready when every enabled criterion is met, with
 * the evidence of each. Served by {@code GET /api/v1/releases/{release}/readiness} and published as
 * the {@code R|exit-readiness|all|period} KPI (value 1 ready, 0 not ready; criteria in details).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExitReadiness(String release, boolean ready, List<Criterion> criteria, Instant evaluatedAt) {

    public ExitReadiness {
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    /**
     * One criterion's verdict.
     *
     * @param name     e.g. {@code no-open-p1}
     * @param met      whether it holds now
     * @param required the threshold, in words (e.g. ">= 95 %")
     * @param actual   the measured figure, in words
     * @param evidence why, in a sentence a hypercare lead can act on
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Criterion(String name, boolean met, String required, String actual, String evidence) {
    }

    /** Same verdict (readiness and each criterion), whenever it was evaluated. */
    public boolean sameVerdict(ExitReadiness other) {
        return other != null && ready == other.ready && criteria.equals(other.criteria);
    }
}
