package dev.hypercare.triage.priority;

import dev.hypercare.triage.TriageConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the impact/urgency assessor and the priority matrix from {@code hypercare.triage.*}. */
public class PriorityProducer {

    @Produces
    @Singleton
    PriorityMatrix priorityMatrix(TriageConfig config) {
        return PriorityMatrix.from(config.matrix());
    }

    @Produces
    @Singleton
    ImpactUrgency impactUrgency(TriageConfig config) {
        return new ImpactUrgency(config.impact().highAffectedUsers(), config.impact().mediumAffectedUsers());
    }
}
