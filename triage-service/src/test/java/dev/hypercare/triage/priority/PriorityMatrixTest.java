package dev.hypercare.triage.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityMatrixTest {

    @ParameterizedTest(name = "impact {0} x urgency {1} -> {2}")
    @CsvSource({
            "HIGH, HIGH, P1", "HIGH, MEDIUM, P2", "HIGH, LOW, P3",
            "MEDIUM, HIGH, P2", "MEDIUM, MEDIUM, P3", "MEDIUM, LOW, P4",
            "LOW, HIGH, P3", "LOW, MEDIUM, P4", "LOW, LOW, P4"})
    void shouldGiveTheItilPriorityForEveryCell(Level impact, Level urgency, Priority expected) {
        assertThat(PriorityMatrix.itil().priorityOf(impact, urgency)).isEqualTo(expected);
    }

    @Test
    void shouldDescribeTheCellForTheExplanation() {
        assertThat(PriorityMatrix.itil().describe(Level.HIGH, Level.HIGH)).isEqualTo("HIGH x HIGH -> P1");
    }

    @Test
    void shouldTakeACustomMatrixFromConfiguration() {
        // given a matrix where everything is P2 except LOW x LOW, written in lower case
        Map<String, Map<String, String>> config = Map.of(
                "high", Map.of("high", "P2", "medium", "P2", "low", "P2"),
                "medium", Map.of("high", "P2", "medium", "P2", "low", "P2"),
                "low", Map.of("high", "P2", "medium", "P2", "low", "p4"));

        // when
        PriorityMatrix matrix = PriorityMatrix.from(config);

        // then
        assertThat(matrix.priorityOf(Level.HIGH, Level.HIGH)).isEqualTo(Priority.P2);
        assertThat(matrix.priorityOf(Level.LOW, Level.LOW)).isEqualTo(Priority.P4);
    }

    @Test
    void shouldRefuseAMatrixWithAMissingCell() {
        Map<String, Map<String, String>> config = Map.of(
                "HIGH", Map.of("HIGH", "P1", "MEDIUM", "P2", "LOW", "P3"),
                "MEDIUM", Map.of("HIGH", "P2", "MEDIUM", "P3", "LOW", "P4"),
                "LOW", Map.of("HIGH", "P3", "MEDIUM", "P4"));

        assertThatThrownBy(() -> PriorityMatrix.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hypercare.triage.matrix.LOW.LOW");
    }

    @Test
    void shouldRefuseAnUnknownPriority() {
        assertThatThrownBy(() -> PriorityMatrix.from(Map.of("HIGH", Map.of("HIGH", "P0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown priority 'P0'");
    }
}
