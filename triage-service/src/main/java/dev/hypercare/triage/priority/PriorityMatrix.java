package dev.hypercare.triage.priority;

import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import java.util.EnumMap;
import java.util.Map;

/**
 * Priority from an impact x urgency matrix (ITIL style). Every one of the nine cells must be
 * defined, so no item can ever fall through without a priority.
 *
 * <p>Default (impact rows, urgency columns):
 * <pre>
 *            HIGH  MEDIUM  LOW
 *   HIGH      P1     P2    P3
 *   MEDIUM    P2     P3    P4
 *   LOW       P3     P4    P4
 * </pre>
 */
public final class PriorityMatrix {

    private final Map<Level, Map<Level, Priority>> cells;

    private PriorityMatrix(Map<Level, Map<Level, Priority>> cells) {
        this.cells = cells;
    }

    /** The ITIL-style default above (the same values application.properties ships). */
    public static PriorityMatrix itil() {
        return from(Map.of(
                "HIGH", Map.of("HIGH", "P1", "MEDIUM", "P2", "LOW", "P3"),
                "MEDIUM", Map.of("HIGH", "P2", "MEDIUM", "P3", "LOW", "P4"),
                "LOW", Map.of("HIGH", "P3", "MEDIUM", "P4", "LOW", "P4")));
    }

    /**
     * Builds a matrix from configuration: impact name -> urgency name -> priority name.
     *
     * @throws IllegalArgumentException naming the missing or unknown cell
     */
    public static PriorityMatrix from(Map<String, ? extends Map<String, String>> config) {
        Map<Level, Map<Level, Priority>> cells = new EnumMap<>(Level.class);
        config.forEach((impact, row) -> row.forEach((urgency, priority) -> cells
                .computeIfAbsent(parse(Level.class, impact, "impact"), k -> new EnumMap<>(Level.class))
                .put(parse(Level.class, urgency, "urgency"), parse(Priority.class, priority, "priority"))));
        for (Level impact : Level.values()) {
            for (Level urgency : Level.values()) {
                if (!cells.getOrDefault(impact, Map.of()).containsKey(urgency)) {
                    throw new IllegalArgumentException("Priority matrix has no cell for impact " + impact
                            + " x urgency " + urgency + " (hypercare.triage.matrix." + impact + "." + urgency + ")");
                }
            }
        }
        return new PriorityMatrix(cells);
    }

    public Priority priorityOf(Level impact, Level urgency) {
        return cells.get(impact).get(urgency);
    }

    /** The cell as shown in explanations, e.g. {@code HIGH x HIGH -> P1}. */
    public String describe(Level impact, Level urgency) {
        return impact + " x " + urgency + " -> " + priorityOf(impact, urgency);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Priority matrix: unknown " + what + " '" + value + "'", e);
        }
    }

    @Override
    public String toString() {
        return "PriorityMatrix" + cells;
    }
}
