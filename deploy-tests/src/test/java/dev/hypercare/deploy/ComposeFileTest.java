package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml against the topic registry and the services' application.properties. */
class ComposeFileTest {

    private static final ObjectNode COMPOSE = Yaml.document(Repo.path("docker-compose.yml"));
    private static final int BROKERS = 1;

    static List<String> modules() {
        return ServiceConfig.MODULES;
    }

    private static JsonNode service(String name) {
        JsonNode s = COMPOSE.at("/services/" + name);
        assertThat(s.isObject()).as("compose service " + name).isTrue();
        return s;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(item -> {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return env;
    }

    /** One kafka-topics.sh --create call of the set-up. */
    record TopicCreation(String topic, int partitions, int replicationFactor, Map<String, String> configs) {
    }

    static List<TopicCreation> topicSetUp() {
        JsonNode command = service("kafka-init").path("command");
        String script = command.isArray()
                ? java.util.stream.StreamSupport.stream(command.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining("\n"))
                : command.asText();
        List<TopicCreation> creations = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (!line.contains("--create")) {
                continue;
            }
            List<String> args = Arrays.asList(line.trim().split("\\s+"));
            Map<String, String> configs = new TreeMap<>();
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("--config")) {
                    String[] kv = args.get(i + 1).split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
            }
            creations.add(new TopicCreation(arg(args, "--topic"), Integer.parseInt(arg(args, "--partitions")),
                    Integer.parseInt(arg(args, "--replication-factor")), configs));
        }
        return creations;
    }

    private static String arg(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertThat(i).as("kafka-topics.sh line without " + flag + ": " + args).isNotNegative();
        return args.get(i + 1);
    }

    /** The set-up lines the registry calls for: paste them into kafka-init when the registry changes. */
    static String expectedSetUp() {
        StringBuilder sb = new StringBuilder();
        for (Topic<?, ?> t : Topics.ALL) {
            sb.append("        $$topics --bootstrap-server $$bs --create --if-not-exists --topic ").append(t.name())
                    .append(" --partitions ").append(t.partitions()).append(" --replication-factor ").append(BROKERS);
            new TreeMap<>(t.configs()).forEach((k, v) -> sb.append(" --config ").append(k).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void topicSetUpCreatesExactlyTheRegistryTopicsWithTheirPartitionsCleanupAndRetention() {
        Map<String, TopicCreation> created = new TreeMap<>();
        for (TopicCreation c : topicSetUp()) {
            assertThat(created.put(c.topic(), c)).as("created twice: " + c.topic()).isNull();
        }
        String hint = "kafka-init in docker-compose.yml must create the registry's topics; expected lines:\n" + expectedSetUp();
        assertThat(created.keySet()).as(hint).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?, ?> t : Topics.ALL) {
            TopicCreation c = created.get(t.name());
            assertThat(c.partitions()).as(hint).isEqualTo(t.partitions());
            assertThat(c.configs()).as(hint).isEqualTo(new TreeMap<>(t.configs()));
            assertThat(c.replicationFactor()).as("one broker").isEqualTo(BROKERS);
        }
        assertThat(service("kafka-init").toString()).contains("kafka:9092").contains("--if-not-exists");
    }

    @Test
    void brokerIsTheOfficialImageInKraftModeWithTheClientsMajorMinor() {
        JsonNode kafka = service("kafka");
        String image = kafka.path("image").asText();
        assertThat(image).startsWith("apache/kafka:");
        assertThat(StrimziClusterTest.majorMinor(image.substring("apache/kafka:".length())))
                .as(image + " vs kafka-clients " + AppInfoParser.getVersion())
                .isEqualTo(StrimziClusterTest.majorMinor(AppInfoParser.getVersion()));
        assertThat(service("kafka-init").path("image").asText()).isEqualTo(image);
        Map<String, String> env = environment(kafka);
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://kafka:9092");
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo(String.valueOf(BROKERS));
        assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo(String.valueOf(BROKERS));
        assertThat(kafka.path("volumes").toString()).contains("kafka-data:" + env.get("KAFKA_LOG_DIRS"));
        assertThat(kafka.at("/healthcheck/test").toString()).contains("localhost:9092");
    }

    @Test
    void everyPublishedPortListensOnTheLoopbackInterfaceOnly() {
        // The trial authenticates nothing by default (PLAINTEXT broker, API keys off, anonymous Grafana): a port
        // published without a host address listens on every interface of the host, and Docker's own iptables
        // rules let it past the host's firewall.
        List<String> published = new ArrayList<>();
        COMPOSE.path("services").fields().forEachRemaining(s -> {
            assertThat(s.getValue().path("network_mode").asText()).as(s.getKey() + " network_mode").isNotEqualTo("host");
            s.getValue().path("ports").forEach(p -> {
                String port = p.isObject() ? p.path("host_ip").asText() + ":" + p.path("published").asText() + ":" + p.path("target").asText()
                        : p.asText();
                published.add(s.getKey() + " " + port);
            });
        });
        assertThat(published).as("published ports").isNotEmpty()
                .allSatisfy(p -> assertThat(p).as("bind it as \"127.0.0.1:<host port>:<container port>\"")
                        .matches("\\S+ 127\\.0\\.0\\.1:\\d+:\\d+(/tcp)?"));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachServiceGetsTheTimeItsGracefulStopNeedsBeforeDockerKillsIt(String module) {
        Duration drain = ServiceConfig.of(module).shutdownTimeout();
        // Compose durations as the services' file writes them: "<n>s" (Docker's default grace is 10 s).
        String grace = service(module).path("stop_grace_period").asText("10s");
        assertThat(grace).as(module + " stop_grace_period").matches("\\d+s");
        assertThat(Long.parseLong(grace.substring(0, grace.length() - 1)))
                .as(module + ": stop_grace_period above its quarkus.shutdown.timeout (" + drain + ")")
                .isGreaterThan(drain.toSeconds());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachServiceRunsTheBuildsImageOnItsPortWithAHealthCheckOnReadiness(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        JsonNode s = service(module);
        assertThat(s.path("image").asText()).isEqualTo("hypercare/" + module + ":${HYPERCARE_VERSION:-" + Repo.version() + "}");
        assertThat(s.path("ports").toString()).contains(":" + config.httpPort() + "\"");
        assertThat(s.at("/healthcheck/test").toString())
                .contains("http://localhost:" + config.httpPort() + config.healthPath("ready"));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachServiceStartsOnlyOnceTheBrokerIsHealthyAndTheTopicsExist(String module) {
        JsonNode dependsOn = service(module).path("depends_on");
        assertThat(dependsOn.at("/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(dependsOn.at("/kafka-init/condition").asText()).isEqualTo("service_completed_successfully");
        assertThat(service("kafka-init").at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachServicesEnvironmentIsOneItReadsAndPointsAtTheComposeBroker(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        Map<String, String> env = environment(service(module));
        Set<String> notRead = new TreeSet<>(env.keySet());
        notRead.removeIf(config::reads);
        notRead.removeAll(Deployed.AWAITING_SERVICE_SUPPORT);
        assertThat(notRead).as(module + ": environment the service never reads").isEmpty();
        Deployed.noteAwaiting(module, env.keySet(), config.environmentRead());
        assertThat(env.keySet()).containsAll(config.environmentRequired());
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("HYPERCARE_TOPICS_REPLICATION_FACTOR", String.valueOf(BROKERS));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachServiceRunsNonRootOnAReadOnlyFilesystemWithStreamsStateOnTmpfs(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        JsonNode s = service(module);
        assertThat(s.path("user").asText()).isNotBlank().isNotIn("0", "root");
        assertThat(s.path("read_only").asBoolean()).isTrue();
        List<String> tmpfs = new ArrayList<>();
        s.path("tmpfs").forEach(t -> tmpfs.add(t.asText().split(":")[0]));
        assertThat(tmpfs).contains("/tmp");
        if (config.streams()) {
            assertThat(tmpfs).contains(environment(s).get("KAFKA_STREAMS_STATE_DIR"));
        } else {
            assertThat(environment(s)).doesNotContainKey("KAFKA_STREAMS_STATE_DIR");
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyFileAServicesVariableNamesLiesInAMountedVolume(String module) {
        JsonNode s = service(module);
        List<String> targets = new ArrayList<>();
        s.path("volumes").forEach(v -> targets.add(v.asText().split(":")[1] + "/"));
        environment(s).forEach((name, value) -> {
            if (name.endsWith("_FILE") || name.endsWith("_LOCATION")) {
                assertThat(targets).as(module + " " + name + "=" + value).anySatisfy(t -> assertThat(value).startsWith(t));
            }
        });
    }

    @Test
    void everyNamedVolumeIsDeclaredAndEveryDeclaredOneIsUsed() {
        Set<String> used = new TreeSet<>();
        COMPOSE.path("services").forEach(s -> s.path("volumes").forEach(v -> {
            String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
            if (!source.startsWith(".") && !source.startsWith("/")) {
                used.add(source);
            }
        }));
        Set<String> declared = new TreeSet<>();
        COMPOSE.path("volumes").fieldNames().forEachRemaining(declared::add);
        assertThat(used).isEqualTo(declared).contains("kafka-data");
    }

    @Test
    void everyFileTheComposeFileMountsExists() {
        COMPOSE.path("services").forEach(s -> s.path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            if (source.startsWith("./")) {
                assertThat(Repo.path(source.substring(2))).as(source).exists();
            }
        }));
    }

    @Test
    void dockerComposeAcceptsTheFileWhereItIsInstalled() throws Exception {
        List<String> compose = null;
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            Optional<Tool.Result> r = Tool.run(version, Repo.root(), Duration.ofSeconds(60), true);
            if (r.isPresent() && r.get().exit() == 0) {
                // Compose v1 (EOL) validates an older schema that lacks top-level "name": v2 or later only.
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("version v?(\\d+)\\.").matcher(r.get().stdout());
                if (m.find() && Integer.parseInt(m.group(1)) >= 2) {
                    compose = candidate;
                    break;
                }
                System.out.println("[deploy-tests] " + String.join(" ", candidate) + " is not Compose v2: "
                        + r.get().stdout().lines().findFirst().orElse(""));
            }
        }
        if (compose == null) {
            System.out.println("[deploy-tests] docker compose not installed: docker-compose.yml checked by parsing only");
        }
        assumeTrue(compose != null, "docker compose is not installed here");
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "monitoring"))) {
            List<String> cmd = new ArrayList<>(compose);
            cmd.addAll(List.of("-f", "docker-compose.yml"));
            cmd.addAll(profile);
            cmd.addAll(List.of("config", "-q"));
            Tool.Result r = Tool.run(cmd, Repo.root(), Duration.ofSeconds(60), true).orElseThrow();
            assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.stdout()).isZero();
        }
    }
}
