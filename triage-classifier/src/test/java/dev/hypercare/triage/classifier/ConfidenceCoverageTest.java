package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceCoverageTest {

    @Test
    void givenConfidencesAndOutcomes_whenThresholded_thenCoverageAndAccuracyOfTheDecidedItems() {
        List<Double> confidence = List.of(0.95, 0.9, 0.8, 0.6, 0.55, 0.4);
        List<Boolean> correct = List.of(true, true, false, true, false, false);

        List<ConfidenceCoverage> rows = ConfidenceCoverage.of(confidence, correct, 0.0, 0.7, 0.99);

        assertThat(rows.get(0).coverage()).isEqualTo(1.0);
        assertThat(rows.get(0).accuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(rows.get(1).coverage()).isCloseTo(0.5, within(1e-12));
        assertThat(rows.get(1).accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(rows.get(2).coverage()).isZero();
        assertThat(rows.get(2).accuracy()).isNaN();
        assertThat(ConfidenceCoverage.format(rows)).contains(">= 0.70", "50.0%", "0.667");
    }
}
