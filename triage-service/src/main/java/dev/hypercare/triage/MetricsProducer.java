package dev.hypercare.triage;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The triage counters, registered in the registry Quarkus exposes on {@code /q/metrics}. */
public class MetricsProducer {

    @Produces
    @Singleton
    TriageMetrics triageMetrics(MeterRegistry registry) {
        return new TriageMetrics(registry);
    }
}
