package dev.hypercare.metrics.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.kafka.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST API writes JSON exactly as the Kafka records are written (ISO instants, no nulls). */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
