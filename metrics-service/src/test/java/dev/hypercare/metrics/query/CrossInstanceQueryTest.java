package dev.hypercare.metrics.query;

import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.KafkaProducers;
import dev.hypercare.metrics.streams.MetricsSettings;
import dev.hypercare.metrics.spikes.SpikeView;
import dev.hypercare.metrics.streams.MetricsTopology;
import dev.hypercare.model.Kpi;
import dev.hypercare.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the metrics topology on the real (in-JVM) broker, each with its own
 * {@code application.server}: every key is answered by either instance, whichever hosts it. The
 * HTTP endpoints between them are minimal stand-ins of the JAX-RS resources' {@code ?scope=local}
 * answers; the routing under test is the real {@link InteractiveQueries}.
 */
class CrossInstanceQueryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final String bootstrap = EmbeddedKafka.shared().bootstrapServers();
    private final String applicationId = "metrics-cross-" + UUID.randomUUID().toString().substring(0, 8);
    private Instance a;
    private Instance b;

    @AfterEach
    void stop() {
        for (Instance instance : new Instance[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void shouldAnswerEveryKpiOfAReleaseFromEitherInstance() throws Exception {
        // given: two instances sharing the work, and twelve items spread over the six partitions
        String release = twoInstancesWithTwelveItems();
        String volume = Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD);
        String uptime = Kpi.key(release, "uptime", "all", Kpi.WHOLE_PERIOD);

        // when: each instance is asked for the whole release
        Awaitility.await("volume 12 and uptime seen from both instances").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() ->
                volumeOf(a.queries.kpisOfRelease(release, false), volume) == 12
                        && volumeOf(b.queries.kpisOfRelease(release, false), volume) == 12
                        && volumeOf(a.queries.kpisOfRelease(release, false), uptime) == 100
                        && volumeOf(b.queries.kpisOfRelease(release, false), uptime) == 100);

        // then: both answer the same complete list, though each hosts only part of it ...
        List<Kpi> fromA = found(a.queries.kpisOfRelease(release, false));
        List<Kpi> fromB = found(b.queries.kpisOfRelease(release, false));
        assertThat(fromA).extracting(Kpi::key).isEqualTo(fromB.stream().map(Kpi::key).toList());
        List<Kpi> localA = found(a.queries.kpisOfRelease(release, true));
        List<Kpi> localB = found(b.queries.kpisOfRelease(release, true));
        assertThat(localA.size() + localB.size()).isEqualTo(fromA.size());
        assertThat(localA).isNotEmpty();
        assertThat(localB).isNotEmpty();

        // ... and any single key, from the instance that does not host it as well
        for (Kpi kpi : fromA) {
            assertThat(found(a.queries.kpi(kpi.key(), false))).as("%s via A", kpi.key()).isNotEmpty();
            assertThat(found(b.queries.kpi(kpi.key(), false))).as("%s via B", kpi.key()).isNotEmpty();
        }
        // ... while the instance that does not own a key, asked for its own part only (as a peer asks the owner it
        // thinks it is, after the partition moved), says "ask again", not "no such KPI"
        String hostedByB = localB.stream().map(Kpi::key).filter(key -> key.contains("|volume|")).findFirst().orElseThrow();
        assertThat(a.queries.kpi(hostedByB, true)).isInstanceOf(KpiQueryResult.Unavailable.class);
        assertThat(found(b.queries.kpi(hostedByB, true))).isNotEmpty();
        assertThat(found(a.queries.releases(false))).contains(release).isEqualTo(found(b.queries.releases(false)));
        assertThat(found(a.queries.readiness(release, false))).isEqualTo(found(b.queries.readiness(release, false)));
        // uptime and spikes live per release on one instance; either answers
        assertThat(found(a.queries.uptime(release, false)).periodStart())
                .isEqualTo(found(b.queries.uptime(release, false)).periodStart()).isNotNull();
        assertThat(found(a.queries.spikes(release, false))).extracting(SpikeView::component)
                .isEqualTo(found(b.queries.spikes(release, false)).stream().map(SpikeView::component).toList())
                .containsExactly("checkout");
    }

    @Test
    void shouldAnswerUnavailableNotNotFoundWhileTheOwningInstanceCannotAnswer() throws Exception {
        // given: two instances, and the KPIs of a release spread over both
        String release = twoInstancesWithTwelveItems();
        Awaitility.await("B hosts some of the release's KPIs").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() ->
                b.queries.kpisOfRelease(release, true) instanceof KpiQueryResult.Found<List<Kpi>> local && !local.value().isEmpty());
        String hostedByB = found(b.queries.kpisOfRelease(release, true)).get(0).key();
        assertThat(found(a.queries.kpi(hostedByB, false))).isNotEmpty();

        // when: B answers its peers 503, as a restoring instance does
        b.restoring = true;

        // then: A says "not available, ask again", not "no such KPI" ...
        assertThat(a.queries.kpi(hostedByB, false)).isInstanceOf(KpiQueryResult.Unavailable.class);
        assertThat(a.queries.kpisOfRelease(release, false)).isInstanceOf(KpiQueryResult.Unavailable.class);
        // ... and once B answers again, the KPI is found through A
        b.restoring = false;
        assertThat(found(a.queries.kpi(hostedByB, false))).isNotEmpty();
    }

    /** Starts instances A and B of one application and sends twelve items of a new release; returns the release. */
    private String twoInstancesWithTwelveItems() throws Exception {
        TopicProvisioner.ensureTopics(EmbeddedKafka.shared().adminConfig(), Topics.ALL, (short) 1, Duration.ofSeconds(30));
        a = new Instance(bootstrap, applicationId);
        b = new Instance(bootstrap, applicationId);
        Awaitility.await("both instances running with partitions each").atMost(TIMEOUT).until(() ->
                a.streams.state() == KafkaStreams.State.RUNNING && b.streams.state() == KafkaStreams.State.RUNNING
                        && a.streams.streamsMetadataForStore(MetricsTopology.KPI_STORE).size() == 2);
        String release = "x-" + UUID.randomUUID().toString().substring(0, 8);
        try (var kafka = new KafkaProducers(bootstrap)) {
            for (int i = 0; i < 12; i++) {
                String id = UUID.randomUUID().toString();
                kafka.send(Topics.FEEDBACK_TRIAGED, id, triaged(id, release, Instant.now()));
            }
        }
        return release;
    }

    private static <T> T found(KpiQueryResult<T> result) {
        assertThat(result).isInstanceOf(KpiQueryResult.Found.class);
        return ((KpiQueryResult.Found<T>) result).value();
    }

    private static double volumeOf(KpiQueryResult<List<Kpi>> result, String key) {
        if (!(result instanceof KpiQueryResult.Found<List<Kpi>> found)) {
            return -1;
        }
        return found.value().stream().filter(k -> k.key().equals(key)).mapToDouble(Kpi::value).findFirst().orElse(-1);
    }

    /** One instance: the real topology and queries, plus the local-scope HTTP answers peers ask for. */
    private static final class Instance implements AutoCloseable {
        final KafkaStreams streams;
        final InteractiveQueries queries;
        final HttpServer http;
        /** While true, this instance answers its peers 503, as one restoring its stores does. */
        volatile boolean restoring;

        Instance(String bootstrap, String applicationId) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cross-state")), "instance-");
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            streams = new KafkaStreams(MetricsTopology.build(MetricsSettings.defaults().withInMemoryStores(), e -> { }), props);
            queries = new InteractiveQueries(streams, Optional.of("localhost:" + port));
            http = HttpServer.create(new InetSocketAddress("localhost", port), 0);
            http.createContext("/api/v1/kpis", this::kpis);
            http.createContext("/api/v1/releases", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                if (path.endsWith("/uptime")) {
                    answer(exchange, queries.uptime(releaseOf(path, "/uptime"), true));
                } else if (path.endsWith("/spikes")) {
                    answer(exchange, queries.spikes(releaseOf(path, "/spikes"), true));
                } else if (path.endsWith("/readiness")) {
                    String release = URLDecoder.decode(path.substring("/api/v1/releases/".length(), path.length() - "/readiness".length()),
                            StandardCharsets.UTF_8);
                    answer(exchange, queries.readiness(release, true));
                } else {
                    answer(exchange, queries.releases(true));
                }
            });
            http.start();
            streams.start();
        }

        private static String releaseOf(String path, String suffix) {
            return URLDecoder.decode(path.substring("/api/v1/releases/".length(), path.length() - suffix.length()), StandardCharsets.UTF_8);
        }

        private void kpis(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/api/v1/kpis")) {
                String release = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceAll(".*release=([^&]*).*", "$1"),
                        StandardCharsets.UTF_8);
                answer(exchange, queries.kpisOfRelease(release, true));
            } else {
                String key = URLDecoder.decode(path.substring("/api/v1/kpis/".length()), StandardCharsets.UTF_8);
                answer(exchange, queries.kpi(key, true));
            }
        }

        private void answer(HttpExchange exchange, KpiQueryResult<?> result) throws IOException {
            if (restoring) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = result instanceof KpiQueryResult.Found<?> found ? Json.mapper().writeValueAsBytes(found.value()) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(result instanceof KpiQueryResult.Found<?> ? 200 : 404, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(10));
            http.stop(0);
        }
    }
}
