package dev.hypercare.ingest.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.hypercare.kafka.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Configures the ObjectMapper of the HTTP API: Hypercare's wire conventions (hypercare-model's
 * {@link Json}: ISO-8601 instants, nulls left out, unknown fields tolerated) plus strict scalar
 * types on input.
 *
 * <p>Rule: a field of the wrong JSON type is a 400 naming that field, not a silent conversion.
 * Jackson's defaults would turn {@code "affectedUsers": "12"} or {@code 1.9} into 12 or 1, and
 * {@code "sourceApp": 42} into "42", and {@code "channel": 3} into the fourth channel; and they
 * would ignore whatever follows the first JSON value ({@code {...}}} or {@code {...}{...}}).
 * Producers must learn about such bugs at once.
 * Records written to Kafka do not go through this mapper: they use {@code Topics}' serdes.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}
