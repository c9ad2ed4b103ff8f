package dev.hypercare.triage.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoDecimalsTest {

    private static String formatter(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    @Test
    void givenSentimentsAndConfidences_whenFormatted_thenTheFormattersTextForEveryValue() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000_000; i++) {
            // Scores in -1..1 and confidences in 0..1, as the signals carry them, plus wider values.
            double value = switch (i % 4) {
                case 0 -> random.nextDouble(-1.0, 1.0);
                case 1 -> random.nextDouble();
                case 2 -> random.nextDouble(-1e4, 1e4);
                default -> random.nextDouble(-0.02, 0.02);
            };
            assertThat(TwoDecimals.format(value)).as("value %s", value).isEqualTo(formatter(value));
        }
    }

    @Test
    void givenValuesOnOrNextToARoundingBoundary_whenFormatted_thenTheFormattersText() {
        double[] values = {0.005, 0.015, 0.125, 0.135, 1.005, 2.675, -0.005, -0.125, -2.675, 0.0049999999, 0.0050000001,
                0.994999, 0.995, 0.9950001, -0.995, 0.6, 0.59999999, 0.605, 123.455, 999_999.995, 5e-324, -5e-324};
        for (double value : values) {
            assertThat(TwoDecimals.format(value)).as("value %s", value).isEqualTo(formatter(value));
        }
        for (int k = -20_000; k <= 20_000; k++) {
            double half = (k + 0.5) / 100.0;
            for (double value : new double[] {half, Math.nextUp(half), Math.nextDown(half), k / 100.0}) {
                assertThat(TwoDecimals.format(value)).as("value %s", value).isEqualTo(formatter(value));
            }
        }
    }

    @Test
    void givenNegativeValuesThatRoundToZero_whenFormatted_thenTheSignIsKeptAsTheFormatterKeepsIt() {
        assertThat(TwoDecimals.format(-0.001)).isEqualTo("-0.00").isEqualTo(formatter(-0.001));
        assertThat(TwoDecimals.format(-0.0)).isEqualTo(formatter(-0.0));
        assertThat(TwoDecimals.format(0.0)).isEqualTo("0.00");
    }

    @Test
    void givenValuesOutsideTheFastRange_whenFormatted_thenTheFormattersText() {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e6, -1e6, 1e300,
                Double.MAX_VALUE, 12_345_678.915}) {
            assertThat(TwoDecimals.format(value)).as("value %s", value).isEqualTo(formatter(value));
        }
    }

    @Test
    void givenATextSoFar_whenAppended_thenTheDigitsFollowIt() {
        assertThat(TwoDecimals.append(new StringBuilder("sentiment "), -0.4567).toString()).isEqualTo("sentiment -0.46");
    }
}
