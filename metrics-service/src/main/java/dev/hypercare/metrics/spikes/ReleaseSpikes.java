package dev.hypercare.metrics.spikes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.WellFormed;
import java.util.Map;
import java.util.TreeMap;

/** The value of {@code spike-store}, keyed by release: the rate and spike state of each of its components. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseSpikes(String release, Map<String, ComponentSpikes> components) {

    /** The component of items whose reporter named none. */
    public static final String UNSPECIFIED = "unspecified";

    public ReleaseSpikes {
        components = components == null ? new TreeMap<>() : new TreeMap<>(components);
    }

    public static ReleaseSpikes empty(String release) {
        return new ReleaseSpikes(release, Map.of());
    }

    /**
     * A component as a KPI dimension value: '|' separates the key's parts, so it cannot be in one. Well-formed even
     * if its record was not (a record written before the model repaired texts): it is a JSON field name in this
     * store, and Jackson cannot read a lone surrogate back there.
     */
    public static String componentOf(String component) {
        return component == null || component.isBlank() ? UNSPECIFIED : WellFormed.text(component.strip().replace('|', '/'));
    }
}
