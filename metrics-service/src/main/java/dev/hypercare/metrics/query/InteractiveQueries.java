package dev.hypercare.metrics.query;

import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.metrics.streams.MetricsTopology;
import dev.hypercare.model.Kpi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the latest KPIs out of {@value MetricsTopology#KPI_STORE} on this instance.
 *
 * <p>A release's KPI keys are spread over all partitions of the store. With one instance every
 * partition is local; with several, the next step fans the prefix scan out to the other hosts of
 * the store ({@code KafkaStreams.streamsMetadataForStore}, with {@code application.server} set).
 */
@ApplicationScoped
public class InteractiveQueries {

    private final KafkaStreams streams;

    public InteractiveQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The latest KPIs of a release, sorted by key. */
    public KpiQueryResult kpisOfRelease(String release) {
        try {
            ReadOnlyKeyValueStore<String, KpiTotal> store = streams.store(StoreQueryParameters.fromNameAndType(
                    MetricsTopology.KPI_STORE, QueryableStoreTypes.<String, KpiTotal>keyValueStore()));
            List<Kpi> kpis = new ArrayList<>();
            // The separator is part of the prefix, so release "1.2" never matches "1.20".
            try (var iterator = store.prefixScan(release + Kpi.SEPARATOR, new StringSerializer())) {
                iterator.forEachRemaining(entry -> kpis.add(entry.value.toKpi()));
            }
            // Each partition's iterator is ordered, their concatenation is not.
            kpis.sort(Comparator.comparing(Kpi::key));
            return new KpiQueryResult.Found(kpis);
        } catch (InvalidStateStoreException e) {
            return new KpiQueryResult.Unavailable(e.getMessage());
        }
    }
}
