package dev.hypercare.triage.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.StreamsStopped;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.grouping.IssueGroupingProcessor;
import dev.hypercare.triage.grouping.IssueState;
import dev.hypercare.triage.streams.TriageTopology;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the triage stores, wherever they live. The rule: any instance answers for any key.
 * <ul>
 *   <li>One item by feedback id, or the issue groups of one source app and release: Kafka Streams' metadata
 *       names the instance hosting the key's partition ({@code queryMetadataForKey}); this instance answers from
 *       its own store or asks that one ({@code ?scope=local}) over HTTP and passes the answer on.</li>
 *   <li>The issue groups of a release across all apps: every instance hosting the store is asked for its local
 *       part, and the parts are merged.</li>
 * </ul>
 * Instances find each other through {@code kafka-streams.application.server} ({@code HYPERCARE_TRIAGE_ADVERTISED});
 * without it (one instance) every partition is local.
 */
@ApplicationScoped
public class InteractiveQueries {

    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(3);
    /** Most severe first, then the biggest. */
    static final Comparator<IssueGroup> TOP_FIRST = Comparator.comparing(IssueGroup::priority)
            .thenComparing(Comparator.comparingLong(IssueGroup::count).reversed())
            .thenComparing(IssueGroup::issueId);

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REMOTE_TIMEOUT).build();

    InteractiveQueries(KafkaStreams streams,
                       @ConfigProperty(name = "kafka-streams.application.server") Optional<String> applicationServer) {
        this.streams = streams;
        this.self = applicationServer.filter(s -> !s.isBlank()).map(HostInfo::buildFromEndpoint);
    }

    public TriageLookup<TriagedFeedback> triageOf(String feedbackId, boolean localOnly) {
        try {
            Optional<HostInfo> owner = remoteOwner(TriageTopology.TRIAGED_STORE, feedbackId);
            if (owner.isPresent() && localOnly) {
                // Asked by another instance that took this one for the owner: the partition has just moved. A 404 from
                // here would be relayed as "no such item" for an item that exists; 503 makes the client ask again.
                throw new InvalidStateStoreException("the partition of " + feedbackId + " moved to " + owner.get());
            }
            if (owner.isPresent()) {
                return remote(owner.get(), "/api/v1/triage/" + encode(feedbackId) + "?scope=local",
                        Json.mapper().constructType(TriagedFeedback.class), feedbackId);
            }
            ReadOnlyWindowStore<String, TriagedFeedback> store = streams.store(StoreQueryParameters.fromNameAndType(
                    TriageTopology.TRIAGED_STORE, QueryableStoreTypes.windowStore()));
            // The store keeps the triages of the last de-duplication window (its retention); the latest one answers.
            TriagedFeedback triaged = null;
            try (WindowStoreIterator<TriagedFeedback> it = store.backwardFetch(feedbackId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
                if (it.hasNext()) {
                    triaged = it.next().value;
                }
            }
            return triaged == null ? new TriageLookup.NotFound<>(feedbackId) : new TriageLookup.Found<>(triaged);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // IllegalStateException: Kafka Streams is not running (shutting down, or stopped by an error); answer 503
            // as while it rebalances, not 500.
            return unavailable(e);
        }
    }

    /**
     * The issue groups of a release, most severe and biggest first.
     *
     * @param sourceApp one app (answered by the one instance that owns app|release), or null for all apps
     */
    public TriageLookup<List<IssueGroup>> topIssues(String sourceApp, String release, int limit, boolean localOnly) {
        try {
            String path = "/api/v1/issues?scope=local&release=" + encode(release) + "&limit=" + limit
                    + (sourceApp == null ? "" : "&sourceApp=" + encode(sourceApp));
            JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, IssueGroup.class);
            List<IssueGroup> groups = new ArrayList<>();
            if (sourceApp != null) {
                String key = IssueGroupingProcessor.releaseKey(sourceApp, release);
                Optional<HostInfo> owner = remoteOwner(TriageTopology.ISSUE_STORE, key);
                if (owner.isPresent() && localOnly) { // moved since the asking instance looked (see triageOf)
                    throw new InvalidStateStoreException("the partition of " + key + " moved to " + owner.get());
                }
                if (owner.isPresent()) {
                    return remote(owner.get(), path, listType, key);
                }
                // The separator ends the prefix, so release "1.2" never matches "1.20".
                scan(store -> store.prefixScan(key + "|", Serdes.String().serializer()), g -> true, groups);
            } else {
                scan(ReadOnlyKeyValueStore::all, g -> release.equals(g.release()), groups);
                if (!localOnly && self.isPresent()) {
                    for (StreamsMetadata other : streams.streamsMetadataForStore(TriageTopology.ISSUE_STORE)) {
                        if (!other.hostInfo().equals(self.get())) {
                            TriageLookup<List<IssueGroup>> part = remote(other.hostInfo(), path, listType, release);
                            if (part instanceof TriageLookup.Found<List<IssueGroup>> found) {
                                groups.addAll(found.value());
                            } else if (part instanceof TriageLookup.Unavailable<List<IssueGroup>> unavailable) {
                                return unavailable;
                            }
                        }
                    }
                }
            }
            groups.sort(TOP_FIRST);
            return new TriageLookup.Found<>(List.copyOf(groups.subList(0, Math.min(limit, groups.size()))));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // IllegalStateException: Kafka Streams is not running (shutting down, or stopped by an error); answer 503
            // as while it rebalances, not 500.
            return unavailable(e);
        }
    }

    private void scan(java.util.function.Function<ReadOnlyKeyValueStore<String, IssueState>, KeyValueIterator<String, IssueState>> query,
                      Predicate<IssueGroup> keep, List<IssueGroup> into) {
        ReadOnlyKeyValueStore<String, IssueState> store = store(TriageTopology.ISSUE_STORE);
        try (KeyValueIterator<String, IssueState> it = query.apply(store)) {
            it.forEachRemaining(entry -> {
                IssueGroup group = entry.value.toIssueGroup();
                if (keep.test(group)) {
                    into.add(group);
                }
            });
        }
    }

    /** The owner of the key's partition when it is another instance; empty when it is this one (or unknown). */
    private Optional<HostInfo> remoteOwner(String storeName, String key) {
        if (self.isEmpty()) {
            return Optional.empty();
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new InvalidStateStoreException("no metadata for " + storeName + " yet (rebalancing)");
        }
        HostInfo active = metadata.activeHost();
        if (active.port() < 0) { // HostInfo.unavailable(): the partition has no active owner right now
            throw new InvalidStateStoreException("no active owner of " + key + " in " + storeName + " yet (rebalancing)");
        }
        return active.equals(self.get()) ? Optional.empty() : Optional.of(active);
    }

    private <T> TriageLookup<T> remote(HostInfo host, String path, JavaType type, String what) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(REMOTE_TIMEOUT).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return new TriageLookup.NotFound<>(what);
            }
            if (response.statusCode() != 200) {
                return new TriageLookup.Unavailable<>(host + " answered " + response.statusCode());
            }
            return new TriageLookup.Found<>(Json.mapper().readValue(response.body(), type));
        } catch (java.io.IOException e) {
            return new TriageLookup.Unavailable<>(host + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TriageLookup.Unavailable<>("interrupted");
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** 503 with Retry-After while the stores move; without it once Kafka Streams stopped by an error (terminal). */
    private <T> TriageLookup<T> unavailable(RuntimeException e) {
        return StreamsStopped.reason(streams)
                .map(reason -> new TriageLookup.Unavailable<T>(reason, false))
                .orElseGet(() -> new TriageLookup.Unavailable<>(e.getMessage()));
    }
}
