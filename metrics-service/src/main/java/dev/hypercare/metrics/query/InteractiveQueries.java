package dev.hypercare.metrics.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.StreamsStopped;
import dev.hypercare.metrics.issues.RecurringIssues;
import dev.hypercare.metrics.issues.TopIssues;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.metrics.readiness.ExitReadiness;
import dev.hypercare.metrics.readiness.ReadinessKpi;
import dev.hypercare.metrics.readiness.ReadinessState;
import dev.hypercare.metrics.spikes.ReleaseSpikes;
import dev.hypercare.metrics.spikes.SpikeKpi;
import dev.hypercare.metrics.spikes.SpikeSettings;
import dev.hypercare.metrics.spikes.SpikeView;
import dev.hypercare.metrics.streams.MetricsConfig;
import dev.hypercare.metrics.streams.MetricsTopology;
import dev.hypercare.metrics.uptime.Uptime;
import dev.hypercare.metrics.uptime.UptimeKpi;
import dev.hypercare.metrics.uptime.UptimeState;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the state stores, wherever they live. The rule: any instance answers for any key.
 * <ul>
 *   <li>One key (a KPI, an item, a release's readiness): Kafka Streams' metadata names the instance
 *       that hosts the key's partition ({@code queryMetadataForKey}); this instance answers from its
 *       own store or asks that one ({@code ?scope=local}) over HTTP.</li>
 *   <li>A prefix or a scan (a release's KPIs, the releases, the top issues): the keys are spread over
 *       all partitions, so every instance hosting the store is asked for its local part, and the
 *       parts are merged.</li>
 * </ul>
 * Instances find each other through {@code application.server} ({@code kafka-streams.application.server});
 * without it (one instance) every store partition is local.
 */
@ApplicationScoped
public class InteractiveQueries {

    private static final Logger LOG = Logger.getLogger(InteractiveQueries.class);

    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(3);

    private final KafkaStreams streams;
    private final SpikeSettings spikeSettings;
    private final Optional<HostInfo> self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REMOTE_TIMEOUT).build();

    @Inject
    public InteractiveQueries(KafkaStreams streams, MetricsConfig config,
                              @ConfigProperty(name = "kafka-streams.application.server") Optional<String> applicationServer) {
        this(streams, config.settings().spikes(), applicationServer);
    }

    /** Outside CDI (tests with their own streams): the default spike settings. */
    public InteractiveQueries(KafkaStreams streams, Optional<String> applicationServer) {
        this(streams, SpikeSettings.defaults(), applicationServer);
    }

    public InteractiveQueries(KafkaStreams streams, SpikeSettings spikeSettings, Optional<String> applicationServer) {
        this.streams = streams;
        this.spikeSettings = spikeSettings;
        this.self = applicationServer.filter(s -> !s.isBlank()).map(HostInfo::buildFromEndpoint);
    }

    /** The stores a release's listing reads: kpi-store first, then the release-keyed ones of other tasks. */
    private static final List<String> RELEASE_LISTING_STORES = List.of(MetricsTopology.KPI_STORE, MetricsTopology.READINESS_STORE,
            MetricsTopology.UPTIME_STORE, MetricsTopology.SPIKE_STORE, RecurringIssues.COUNT_STORE, RecurringIssues.TOP_STORE);

    /** The latest KPIs of a release, without the per-item ones, sorted by key; with the exit-readiness KPI once evaluated. */
    public KpiQueryResult<List<Kpi>> kpisOfRelease(String release, boolean localOnly) {
        return kpisOfRelease(release, localOnly, false);
    }

    /**
     * The latest KPIs of a release, sorted by key; with the exit-readiness KPI once evaluated.
     *
     * @param items with the per-item KPIs ({@code item=<id>} dimensions): two per answered item, kept for 60 days, so a
     *              release's listing would grow with its items (tens of MB for 100k items) though the dashboard uses none
     */
    public KpiQueryResult<List<Kpi>> kpisOfRelease(String release, boolean localOnly, boolean items) {
        return fanOut(RELEASE_LISTING_STORES, localOnly,
                () -> {
                    List<Kpi> kpis = new ArrayList<>();
                    // Each store only where this instance holds an active partition of it: the release-keyed ones are
                    // in other tasks than kpi-store's, which may be active elsewhere (the instances that hold them are asked).
                    if (activeHere(MetricsTopology.KPI_STORE)) {
                        ReadOnlyKeyValueStore<String, KpiTotal> store = store(MetricsTopology.KPI_STORE);
                        // The separator is part of the prefix, so release "1.2" never matches "1.20".
                        try (var iterator = store.prefixScan(release + Kpi.SEPARATOR, Serdes.String().serializer())) {
                            iterator.forEachRemaining(entry -> {
                                if (items || !isItemKey(entry.key)) {
                                    kpis.addAll(entry.value.toKpis());
                                }
                            });
                        }
                    }
                    if (activeHere(MetricsTopology.READINESS_STORE)) {
                        ReadinessState readiness = this.<ReadinessState>store(MetricsTopology.READINESS_STORE).get(release);
                        if (readiness != null && readiness.verdict() != null) {
                            kpis.add(ReadinessKpi.of(readiness.verdict()));
                        }
                    }
                    kpis.addAll(localHealthKpis(release));
                    kpis.addAll(localIssueKpis(release));
                    return kpis;
                },
                host -> "/api/v1/kpis?scope=local&release=" + encode(release) + (items ? "&items=true" : ""), Kpi.class,
                merged -> merged.sort(Comparator.comparing(Kpi::key)));
    }

    /**
     * One KPI by key, from whichever instance hosts it: a stored total (with its percentile KPIs), a
     * percentile KPI (from its total), or a release's exit readiness.
     */
    public KpiQueryResult<List<Kpi>> kpi(String key, boolean localOnly) {
        String[] parts = key.split("\\" + Kpi.SEPARATOR, 4);
        if (parts.length == 4 && (parts[1].equals(UptimeKpi.KPI) || parts[1].equals(SpikeKpi.KPI))) {
            // Kept per release (uptime-store, spike-store): the release's instance answers.
            KpiQueryResult<List<Kpi>> health = byKey(MetricsTopology.UPTIME_STORE, parts[0], localOnly,
                    () -> localHealthKpis(parts[0]).stream().filter(k -> k.key().equals(key)).toList(),
                    "/api/v1/kpis/" + encode(key), Json.mapper().getTypeFactory().constructCollectionType(List.class, Kpi.class));
            return health instanceof KpiQueryResult.Found<List<Kpi>> found && found.value().isEmpty()
                    ? new KpiQueryResult.NotFound<>() : health;
        }
        if (parts.length == 4 && (parts[1].equals(RecurringIssues.KPI) || parts[1].equals(TopIssues.KPI))) {
            // Kept per release by the issue table's aggregates (recurring-issue-count-store, top-issues-store).
            String store = parts[1].equals(RecurringIssues.KPI) ? RecurringIssues.COUNT_STORE : RecurringIssues.TOP_STORE;
            KpiQueryResult<List<Kpi>> issues = byKey(store, parts[0], localOnly,
                    () -> localIssueKpis(parts[0]).stream().filter(k -> k.key().equals(key)).toList(),
                    "/api/v1/kpis/" + encode(key), Json.mapper().getTypeFactory().constructCollectionType(List.class, Kpi.class));
            return issues instanceof KpiQueryResult.Found<List<Kpi>> found && found.value().isEmpty()
                    ? new KpiQueryResult.NotFound<>() : issues;
        }
        if (parts.length == 4 && parts[1].equals(ReadinessKpi.KPI)) {
            KpiQueryResult<ExitReadiness> readiness = readiness(parts[0], localOnly);
            return readiness instanceof KpiQueryResult.Found<ExitReadiness> found
                    ? new KpiQueryResult.Found<>(List.of(ReadinessKpi.of(found.value())))
                    : readiness instanceof KpiQueryResult.Unavailable<ExitReadiness> u
                    ? new KpiQueryResult.Unavailable<>(u.reason(), u.retry()) : new KpiQueryResult.NotFound<>();
        }
        // A percentile KPI is published from the total of its time KPI: look that one up.
        String totalKey = parts.length == 4 ? Kpi.key(parts[0], parts[1].replaceFirst("-p\\d+$", ""), parts[2], parts[3]) : key;
        KpiQueryResult<List<Kpi>> result = byKey(MetricsTopology.KPI_STORE, totalKey, localOnly, () -> {
            KpiTotal total = this.<KpiTotal>store(MetricsTopology.KPI_STORE).get(totalKey);
            return total == null ? null : total.toKpis();
        }, "/api/v1/kpis/" + encode(totalKey), Json.mapper().getTypeFactory().constructCollectionType(List.class, Kpi.class));
        if (!totalKey.equals(key) && result instanceof KpiQueryResult.Found<List<Kpi>> found) {
            List<Kpi> percentile = found.value().stream().filter(k -> k.key().equals(key)).toList();
            return percentile.isEmpty() ? new KpiQueryResult.NotFound<>() : new KpiQueryResult.Found<>(percentile);
        }
        return result;
    }

    /**
     * The recurring-issue count and top issues of a release held here: published to {@code hypercare.kpis} from the
     * issue table's aggregates, not kept in {@code kpi-store}, so a page (re)loaded after they changed showed none.
     */
    private List<Kpi> localIssueKpis(String release) {
        List<Kpi> kpis = new ArrayList<>();
        Instant now = Instant.now();
        Long recurring = activeHere(RecurringIssues.COUNT_STORE) ? this.<Long>store(RecurringIssues.COUNT_STORE).get(release) : null;
        if (recurring != null) {
            kpis.add(Kpi.of(release, RecurringIssues.KPI, "all", Kpi.WHOLE_PERIOD, recurring, recurring, "count", now));
        }
        TopIssues top = activeHere(RecurringIssues.TOP_STORE) ? this.<TopIssues>store(RecurringIssues.TOP_STORE).get(release) : null;
        if (top != null) {
            kpis.add(top.toKpi(release, now));
        }
        return kpis;
    }

    /** Whether a KPI key is one item's ({@code release|kpi|item=<id>|window}). */
    static boolean isItemKey(String key) {
        int kpiEnd = key.indexOf(Kpi.SEPARATOR, key.indexOf(Kpi.SEPARATOR) + 1);
        return kpiEnd >= 0 && key.startsWith("item=", kpiEnd + 1);
    }

    /** Uptime and volume-spike KPIs of a release held here; uptime computed up to now. */
    private List<Kpi> localHealthKpis(String release) {
        List<Kpi> kpis = new ArrayList<>();
        if (!activeHere(MetricsTopology.UPTIME_STORE)) { // the spike store is in the same tasks
            return kpis;
        }
        UptimeState uptime = uptimeState(release);
        if (uptime != null) {
            kpis.add(UptimeKpi.of(Uptime.of(uptime, Instant.now())));
        }
        ReleaseSpikes spikes = this.<ReleaseSpikes>store(MetricsTopology.SPIKE_STORE).get(release);
        if (spikes != null) {
            Instant now = Instant.now();
            spikes.components().values().forEach(c -> {
                Kpi kpi = SpikeKpi.of(release, c, spikeSettings, now);
                if (kpi != null) {
                    kpis.add(kpi);
                }
            });
        }
        return kpis;
    }

    /** A release's uptime up to now, with its outage intervals. */
    public KpiQueryResult<Uptime> uptime(String release, boolean localOnly) {
        return byKey(MetricsTopology.UPTIME_STORE, release, localOnly, () -> {
            UptimeState state = uptimeState(release);
            return state == null ? null : Uptime.of(state, Instant.now());
        }, "/api/v1/releases/" + encode(release) + "/uptime", Json.mapper().constructType(Uptime.class));
    }

    /** A release's period start and outage reports held here (two stores of the same task); null if unknown. */
    private UptimeState uptimeState(String release) {
        return UptimeState.read(release, store(MetricsTopology.UPTIME_STORE), store(MetricsTopology.UPTIME_REPORT_STORE));
    }

    /** A release's arrival rate and spikes per component, active spikes first. */
    public KpiQueryResult<List<SpikeView>> spikes(String release, boolean localOnly) {
        return byKey(MetricsTopology.SPIKE_STORE, release, localOnly, () -> {
            ReleaseSpikes state = this.<ReleaseSpikes>store(MetricsTopology.SPIKE_STORE).get(release);
            return state == null ? null : state.components().values().stream()
                    .map(c -> SpikeView.of(c, spikeSettings))
                    .sorted(Comparator.comparing(SpikeView::active).reversed().thenComparing(SpikeView::component))
                    .toList();
        }, "/api/v1/releases/" + encode(release) + "/spikes",
                Json.mapper().getTypeFactory().constructCollectionType(List.class, SpikeView.class));
    }

    public KpiQueryResult<ExitReadiness> readiness(String release, boolean localOnly) {
        return byKey(MetricsTopology.READINESS_STORE, release, localOnly, () -> {
            ReadinessState state = this.<ReadinessState>store(MetricsTopology.READINESS_STORE).get(release);
            return state == null ? null : state.verdict();
        }, "/api/v1/releases/" + encode(release) + "/readiness", Json.mapper().constructType(ExitReadiness.class));
    }

    public KpiQueryResult<ItemState> item(String feedbackId, boolean localOnly) {
        return byKey(MetricsTopology.ITEM_STATE_STORE, feedbackId, localOnly,
                () -> {
                    // An expired item's marker is no item to show (docs/metrics.md, "Item expiry").
                    ItemState item = this.<ItemState>store(MetricsTopology.ITEM_STATE_STORE).get(feedbackId);
                    return item == null || item.expired() ? null : item;
                },
                "/api/v1/items/" + encode(feedbackId), Json.mapper().constructType(ItemState.class));
    }

    /** Every release with KPIs, sorted. */
    public KpiQueryResult<List<String>> releases(boolean localOnly) {
        return fanOut(MetricsTopology.READINESS_STORE, localOnly, () -> {
            List<String> releases = new ArrayList<>();
            try (var iterator = this.<ReadinessState>store(MetricsTopology.READINESS_STORE).all()) {
                iterator.forEachRemaining(entry -> releases.add(entry.key));
            }
            return releases;
        }, host -> "/api/v1/releases?scope=local", String.class, merged -> {
            var sorted = new TreeSet<>(merged);
            merged.clear();
            merged.addAll(sorted);
        });
    }

    /** The release's issue groups with the most reports, most first. */
    public KpiQueryResult<List<IssueGroup>> topIssues(String release, int limit, boolean localOnly) {
        KpiQueryResult<List<IssueGroup>> all = fanOut(MetricsTopology.ISSUES_STORE, localOnly, () -> {
            List<IssueGroup> groups = new ArrayList<>();
            try (var iterator = this.<IssueGroup>store(MetricsTopology.ISSUES_STORE).all()) {
                iterator.forEachRemaining(entry -> {
                    // The same groups as the KPIs: not one that breaks the issues topic's contract.
                    if (entry.value != null && release.equals(entry.value.release()) && RecurringIssues.recurring(entry.value)
                            && entry.value.invalidFields().isEmpty()) {
                        groups.add(entry.value);
                    }
                });
            }
            return groups;
        }, host -> "/api/v1/releases/" + encode(release) + "/issues?scope=local&limit=" + limit, IssueGroup.class,
                merged -> merged.sort(Comparator.comparingLong(IssueGroup::count).reversed()
                        .thenComparing(IssueGroup::issueId, Comparator.nullsLast(Comparator.naturalOrder()))));
        if (all instanceof KpiQueryResult.Found<List<IssueGroup>> found) {
            return new KpiQueryResult.Found<>(found.value().subList(0, Math.min(limit, found.value().size())));
        }
        return all;
    }

    // ---- routing ------------------------------------------------------------------------------

    private interface LocalRead<T> {
        T read();
    }

    private <T> KpiQueryResult<List<T>> fanOut(String storeName, boolean localOnly, LocalRead<List<T>> local,
                                               Function<HostInfo, String> remotePath, Class<T> type,
                                               java.util.function.Consumer<List<T>> finish) {
        return fanOut(List.of(storeName), localOnly, local, remotePath, type, finish);
    }

    /**
     * A listing: this instance's part, and the parts of the other instances that hold an active partition of any of the
     * {@code stores} the local read reads (the first is the listing's own).
     */
    private <T> KpiQueryResult<List<T>> fanOut(List<String> stores, boolean localOnly, LocalRead<List<T>> local,
                                               Function<HostInfo, String> remotePath, Class<T> type,
                                               java.util.function.Consumer<List<T>> finish) {
        try {
            Set<HostInfo> hosts = new LinkedHashSet<>();
            if (self.isPresent()) {
                if (streams.streamsMetadataForStore(stores.get(0)).isEmpty()) {
                    // Before the first assignment: nobody is known to hold anything; an empty 200 would be a lie.
                    throw new InvalidStateStoreException("no instance holds " + stores.get(0) + " yet (starting)");
                }
                // Only instances with active partitions: the metadata also lists those that hold a store as a standby
                // (a new pod warming up during a rolling update), which answer 503 and would fail every listing.
                for (String store : stores) {
                    for (var metadata : streams.streamsMetadataForStore(store)) {
                        if (metadata.hostInfo().port() > 0 && metadata.stateStoreNames().contains(store)) {
                            hosts.add(metadata.hostInfo());
                        }
                    }
                }
            }
            boolean localActive = self.isEmpty() || hosts.contains(self.get());
            if (localOnly && !localActive) {
                // Asked as an owner by a peer whose metadata is older than this instance's: "ask again", not "nothing".
                throw new InvalidStateStoreException("this instance holds no active partition of " + stores + " now");
            }
            List<T> merged = new ArrayList<>(localActive ? local.read() : List.of());
            if (!localOnly) {
                JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, type);
                for (HostInfo host : hosts) {
                    if (!host.equals(self.orElse(null))) {
                        KpiQueryResult<List<T>> part = get(host, remotePath.apply(host), listType);
                        if (!(part instanceof KpiQueryResult.Found<List<T>> found)) {
                            return new KpiQueryResult.Unavailable<>("instance " + host + " did not answer");
                        }
                        merged.addAll(found.value());
                    }
                }
            }
            finish.accept(merged);
            return new KpiQueryResult.Found<>(merged);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // IllegalStateException: Kafka Streams is not running (shutting down, or stopped by an error); answer 503
            // as while it rebalances, not 500.
            return unavailable(e);
        }
    }

    /** 503 with Retry-After while the stores move; without it once Kafka Streams stopped by an error (terminal). */
    private <T> KpiQueryResult<T> unavailable(RuntimeException e) {
        return StreamsStopped.reason(streams)
                .map(reason -> new KpiQueryResult.Unavailable<T>(reason, false))
                .orElseGet(() -> new KpiQueryResult.Unavailable<>(e.getMessage()));
    }

    /** Whether this instance holds an active partition of the store (always, without an application server: alone). */
    private boolean activeHere(String store) {
        return self.isEmpty() || streams.streamsMetadataForStore(store).stream()
                .anyMatch(m -> m.hostInfo().equals(self.get()) && m.stateStoreNames().contains(store));
    }

    private <T> KpiQueryResult<T> byKey(String storeName, String key, boolean localOnly, LocalRead<T> local,
                                        String remotePath, JavaType type) {
        try {
            if (self.isPresent()) {
                KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
                // During a rebalance the owner is unknown (NOT_AVAILABLE, port -1): reading the local store
                // instead would answer 404 for an item another instance holds.
                if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    throw new InvalidStateStoreException("the owner of " + key + " in " + storeName + " is not known yet (rebalancing)");
                }
                HostInfo owner = metadata.activeHost();
                if (owner.port() < 0) { // HostInfo.unavailable(): the partition has no active owner right now
                    throw new InvalidStateStoreException("no active owner of " + key + " in " + storeName + " yet (rebalancing)");
                }
                if (!owner.equals(self.get()) && localOnly) {
                    // Asked by another instance that took this one for the owner: the partition has just moved. A 404
                    // from here would be relayed as "unknown" for a key that exists; 503 makes the client ask again.
                    throw new InvalidStateStoreException("the partition of " + key + " moved to " + owner);
                }
                if (!owner.equals(self.get())) {
                    return get(owner, remotePath + (remotePath.contains("?") ? "&" : "?") + "scope=local", type);
                }
            }
            T value = local.read();
            return value == null ? new KpiQueryResult.NotFound<>() : new KpiQueryResult.Found<>(value);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // IllegalStateException: Kafka Streams is not running (shutting down, or stopped by an error); answer 503
            // as while it rebalances, not 500.
            return unavailable(e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /**
     * GET from another instance: its 200 is Found, its 404 NotFound; anything else (a 503 while it restores,
     * a timeout, a refused connection) is Unavailable, so the client gets 503 + Retry-After and asks again
     * instead of a 404 for an item that exists.
     */
    private <T> KpiQueryResult<T> get(HostInfo host, String path, JavaType type) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(REMOTE_TIMEOUT).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> new KpiQueryResult.Found<>(Json.mapper().readValue(response.body(), type));
                case 404 -> new KpiQueryResult.NotFound<>();
                default -> new KpiQueryResult.Unavailable<>("instance " + host + " answered " + response.statusCode());
            };
        } catch (IOException e) {
            LOG.debugf(e, "Instance %s did not answer %s", host, path);
            return new KpiQueryResult.Unavailable<>("instance " + host + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KpiQueryResult.Unavailable<>("interrupted while asking instance " + host);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
