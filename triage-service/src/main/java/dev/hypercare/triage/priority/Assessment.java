package dev.hypercare.triage.priority;

import dev.hypercare.model.Level;
import java.util.List;

/** Impact and urgency of one item, with the signals that set them. */
public record Assessment(Level impact, Level urgency, List<String> signals) {

    public Assessment {
        signals = List.copyOf(signals);
    }
}
