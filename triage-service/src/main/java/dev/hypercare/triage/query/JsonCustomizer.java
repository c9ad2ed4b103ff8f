package dev.hypercare.triage.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.kafka.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The HTTP API writes JSON exactly as the topics do (ISO instants, nulls left out). */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
