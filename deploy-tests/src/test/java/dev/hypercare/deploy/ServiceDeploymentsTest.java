package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hypercare.kafka.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Deployment and companions, in every overlay, against its application.properties. */
class ServiceDeploymentsTest {

    static Stream<Arguments> overlaysAndServices() {
        return Manifests.overlays().stream().flatMap(o -> ServiceConfig.MODULES.stream().map(m -> Arguments.of(o, m)));
    }

    private static JsonNode container(ObjectNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers).as(Kustomize.id(deployment) + " containers").hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void portProbesAndServiceUseTheHttpPortAndHealthPathsOfApplicationProperties(String overlay, String module) {
        ServiceConfig config = ServiceConfig.of(module);
        ObjectNode d = Manifests.one(overlay, "Deployment", module);
        JsonNode c = container(d);
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(config.httpPort());
        assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(c.path("ports")).hasSize(1);
        Map<String, String> probes = Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready");
        assertThat(config.hasDependency("quarkus-smallrye-health")).as(module + " serves /q/health").isTrue();
        probes.forEach((probe, check) -> {
            assertThat(c.at("/" + probe + "/httpGet/path").asText()).as(module + " " + probe)
                    .isEqualTo(config.healthPath(check));
            assertThat(c.at("/" + probe + "/httpGet/port").asText()).isIn("http", String.valueOf(config.httpPort()));
        });
        ObjectNode service = Manifests.one(overlay, "Service", module);
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(config.httpPort());
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isIn("http", String.valueOf(config.httpPort()));
        assertThat(labels(d.at("/spec/template/metadata/labels"))).containsAllEntriesOf(labels(service.at("/spec/selector")));
        ObjectNode policy = Manifests.one(overlay, "NetworkPolicy", module);
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(config.httpPort());
        if (config.hasDependency("quarkus-micrometer-registry-prometheus")) {
            JsonNode annotations = d.at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(config.httpPort());
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(config.metricsPath());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void everyEnvironmentVariableIsOneTheServiceReadsAndNoneItRequiresIsMissing(String overlay, String module) {
        ServiceConfig config = ServiceConfig.of(module);
        Set<String> set = new TreeSet<>();
        container(Manifests.one(overlay, "Deployment", module)).path("env").forEach(e -> set.add(e.path("name").asText()));
        Set<String> read = config.environmentRead();
        Set<String> notRead = new TreeSet<>(set);
        notRead.removeIf(config::reads);
        notRead.removeAll(Deployed.AWAITING_SERVICE_SUPPORT);
        // A variable only used to compose another one's value ($(POD_IP):8082) is not for the service.
        String values = container(Manifests.one(overlay, "Deployment", module)).path("env").toString();
        notRead.removeIf(name -> values.contains("$(" + name + ")"));
        assertThat(notRead).as(overlay + " " + module + ": environment the service never reads").isEmpty();
        assertThat(set).as(overlay + " " + module).containsAll(config.environmentRequired())
                .contains("KAFKA_BOOTSTRAP_SERVERS", "HYPERCARE_TOPICS_REPLICATION_FACTOR");
        Deployed.noteAwaiting(module, set, read);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void runsAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilitiesOrApiToken(String overlay, String module) {
        ObjectNode d = Manifests.one(overlay, "Deployment", module);
        JsonNode pod = d.at("/spec/template/spec");
        JsonNode c = container(d);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("ALL");
        // The JVM and Vert.x need a writable /tmp: an emptyDir, not the image.
        assertThat(mountedEmptyDirs(d)).containsKey("/tmp");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void requestsAndLimitsCpuAndMemory(String overlay, String module) {
        JsonNode resources = container(Manifests.one(overlay, "Deployment", module)).path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(resources.at("/" + kind + "/" + resource).asText()).as(overlay + " " + module + " " + kind + "." + resource)
                        .isNotBlank();
            }
        }
        // The JVM sizes its heap from the limit: memory the node may reclaim would fail it at runtime.
        assertThat(resources.at("/requests/memory").asText()).as(overlay + " " + module + " memory request = limit")
                .isEqualTo(resources.at("/limits/memory").asText());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void hasAnAutoscalerADisruptionBudgetAndANetworkPolicyForItsPods(String overlay, String module) {
        ObjectNode d = Manifests.one(overlay, "Deployment", module);
        Map<String, String> podLabels = labels(d.at("/spec/template/metadata/labels"));
        ObjectNode hpa = Manifests.one(overlay, "HorizontalPodAutoscaler", module);
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(module);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isPositive()
                .isLessThanOrEqualTo(hpa.at("/spec/maxReplicas").asInt());
        assertThat(d.at("/spec/replicas").asInt()).isBetween(hpa.at("/spec/minReplicas").asInt(), hpa.at("/spec/maxReplicas").asInt());
        ObjectNode pdb = Manifests.one(overlay, "PodDisruptionBudget", module);
        assertThat(podLabels).containsAllEntriesOf(labels(pdb.at("/spec/selector/matchLabels")));
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).as("a drain can always proceed").isEqualTo(1);
        ObjectNode np = Manifests.one(overlay, "NetworkPolicy", module);
        assertThat(podLabels).containsAllEntriesOf(labels(np.at("/spec/podSelector/matchLabels")));
        assertThat(np.at("/spec/policyTypes").toString()).contains("Ingress").contains("Egress");
        assertThat(labels(d.at("/spec/selector/matchLabels"))).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(labels(d.at("/spec/selector/matchLabels")));
        // Kafka's listener admits only pods of Hypercare.
        JsonNode peers = Manifests.one(overlay, "Kafka", "hypercare").at("/spec/kafka/listeners/0/networkPolicyPeers/0/podSelector/matchLabels");
        assertThat(podLabels).containsAllEntriesOf(labels(peers));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void streamsServicesKeepStateOnAnEmptyDirAndNeverOutnumberTheirPartitions(String overlay, String module) {
        ServiceConfig config = ServiceConfig.of(module);
        ObjectNode d = Manifests.one(overlay, "Deployment", module);
        if (!config.streams()) {
            assertThat(container(d).toString()).doesNotContain("KAFKA_STREAMS_STATE_DIR");
            return;
        }
        String stateDir = null;
        for (JsonNode e : container(d).path("env")) {
            if (e.path("name").asText().equals("KAFKA_STREAMS_STATE_DIR")) {
                stateDir = e.path("value").asText();
            }
        }
        assertThat(config.get("kafka-streams.state.dir").orElse("")).contains("${KAFKA_STREAMS_STATE_DIR");
        assertThat(stateDir).as(module + " KAFKA_STREAMS_STATE_DIR").isNotBlank();
        assertThat(mountedEmptyDirs(d)).containsKey(stateDir);
        KafkaUserAclTest.Role role = KafkaUserAclTest.ROLES.stream().filter(r -> r.module().equals(module)).findFirst().orElseThrow();
        int parallelism = role.reads().stream().mapToInt(Topic::partitions).max().orElseThrow();
        assertThat(d.at("/spec/replicas").asInt()).isLessThanOrEqualTo(parallelism);
        assertThat(Manifests.one(overlay, "HorizontalPodAutoscaler", module).at("/spec/maxReplicas").asInt())
                .as(module + ": replicas beyond the partition count of its input (" + parallelism + ") would sit idle")
                .isLessThanOrEqualTo(parallelism);
        assertThat(d.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(30);
    }

    static List<String> overlays() {
        return Manifests.overlays();
    }

    static List<String> streamsModules() {
        return ServiceConfig.MODULES.stream().filter(m -> ServiceConfig.of(m).streams()).toList();
    }

    /** The container's environment as the pod gets it: literal values and ConfigMap keys (Secrets and fields left out). */
    static Map<String, String> environment(String overlay, ObjectNode deployment) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container(deployment).path("env")) {
            JsonNode cm = e.at("/valueFrom/configMapKeyRef");
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            } else if (cm.isObject()) {
                env.put(e.path("name").asText(), Manifests.one(overlay, "ConfigMap", cm.path("name").asText())
                        .at("/data/" + cm.path("key").asText()).asText());
            }
        }
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamsModules")
    void streamsServicesKeepAWarmStandbyOfEveryStoreInProduction(String module) {
        // The stores live on emptyDirs: without a standby, every pod that moves (a drain, a rolling update, a
        // crash) leaves its partitions waiting while a new pod restores their stores from the changelogs.
        ServiceConfig config = ServiceConfig.of(module);
        ObjectNode d = Manifests.one("prod", "Deployment", module);
        int standbys = Integer.parseInt(config.valueWith("kafka-streams.num.standby.replicas", environment("prod", d)).orElse("0"));
        assertThat(standbys).as("prod " + module + " kafka-streams.num.standby.replicas").isGreaterThanOrEqualTo(1);
        // A standby lives on another instance than its active task: with fewer replicas it is never assigned.
        assertThat(Manifests.one("prod", "HorizontalPodAutoscaler", module).at("/spec/minReplicas").asInt())
                .as("prod " + module + " minReplicas, for " + standbys + " standby replica(s)").isGreaterThan(standbys);
    }

    /** The namespace the Prometheus that scrapes the services runs in (k8s/base/monitoring-ingress.yaml). */
    static final String MONITORING_NAMESPACE = "monitoring";

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDeploymentAnnotatedForScrapingAdmitsTheMonitoringNamespaceOnItsScrapePort(String overlay) {
        // The annotations invite a Prometheus that usually runs in its own namespace; a NetworkPolicy that admits
        // only the pods of Hypercare's namespace would leave every target down there.
        List<ObjectNode> scraped = Manifests.ofKind(overlay, "Deployment").stream()
                .filter(d -> d.at("/spec/template/metadata/annotations").path("prometheus.io/scrape").asText().equals("true"))
                .toList();
        assertThat(scraped).as(overlay + ": Deployments annotated for scraping").isNotEmpty();
        for (ObjectNode d : scraped) {
            Map<String, String> podLabels = labels(d.at("/spec/template/metadata/labels"));
            int scrapePort = d.at("/spec/template/metadata/annotations").path("prometheus.io/port").asInt();
            assertThat(scrapePort).as(Kustomize.id(d) + " prometheus.io/port").isPositive();
            Map<String, Integer> namedPorts = new HashMap<>();
            d.at("/spec/template/spec/containers").forEach(c -> c.path("ports").forEach(p -> {
                if (p.has("name")) {
                    namedPorts.put(p.path("name").asText(), p.path("containerPort").asInt());
                }
            }));
            List<ObjectNode> policies = Manifests.ofKind(overlay, "NetworkPolicy").stream()
                    .filter(np -> !np.at("/spec/podSelector").has("matchExpressions")
                            && podLabels.entrySet().containsAll(labels(np.at("/spec/podSelector/matchLabels")).entrySet()))
                    .filter(np -> np.at("/spec/policyTypes").toString().contains("Ingress"))
                    .toList();
            assertThat(policies).as(overlay + " " + Kustomize.id(d) + ": NetworkPolicies for its ingress").isNotEmpty();
            boolean admitted = false;
            for (ObjectNode np : policies) {
                for (JsonNode rule : np.at("/spec/ingress")) {
                    admitted |= admitsPort(rule, scrapePort, namedPorts) && admitsNamespace(rule, MONITORING_NAMESPACE);
                }
            }
            assertThat(admitted).as(overlay + " " + Kustomize.id(d) + ": an ingress rule admitting namespace "
                    + MONITORING_NAMESPACE + " (kubernetes.io/metadata.name) on port " + scrapePort).isTrue();
        }
    }

    private static boolean admitsPort(JsonNode rule, int port, Map<String, Integer> namedPorts) {
        if (!rule.has("ports") || rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (!p.path("protocol").asText("TCP").equals("TCP")) {
                continue;
            }
            JsonNode number = p.path("port");
            if (number.isMissingNode()
                    || (number.isInt() && (number.asInt() == port || (number.asInt() < port && p.path("endPort").asInt() >= port)))
                    || (number.isTextual() && Integer.valueOf(port).equals(namedPorts.get(number.asText())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsNamespace(JsonNode rule, String namespace) {
        if (!rule.has("from") || rule.path("from").isEmpty()) {
            return true;
        }
        for (JsonNode peer : rule.path("from")) {
            JsonNode ns = peer.path("namespaceSelector");
            JsonNode pods = peer.path("podSelector");
            boolean anyPod = pods.isMissingNode() || pods.isEmpty();
            boolean selectsNamespace = ns.isObject() && !ns.has("matchExpressions")
                    && Map.of("kubernetes.io/metadata.name", namespace).entrySet().containsAll(labels(ns.path("matchLabels")).entrySet());
            if (anyPod && selectsNamespace) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingestPodsLeaveTheEndpointsFirstAndFinishTheirDrainBeforeKubernetesKillsThem(String overlay) {
        ObjectNode d = Manifests.one(overlay, "Deployment", "ingest-service");
        JsonNode preStop = container(d).at("/lifecycle/preStop/exec/command");
        assertThat(preStop.isArray() && preStop.size() == 2 && preStop.get(0).asText().equals("sleep"))
                .as("ingest-service preStop: sleep <seconds>, got " + preStop).isTrue();
        long preStopSeconds = Long.parseLong(preStop.get(1).asText());
        Duration drain = ServiceConfig.of("ingest-service").shutdownTimeout();
        assertThat(preStopSeconds).as("a pause while the pod leaves the Service's endpoints").isPositive();
        assertThat(drain).as("quarkus.shutdown.timeout: requests in progress answered on SIGTERM").isPositive();
        assertThat(d.at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
                .as("preStop (%d s) + drain (%s) end before the SIGKILL", preStopSeconds, drain)
                .isGreaterThan(preStopSeconds + drain.toSeconds());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void runsTheImageTheBuildProducesAtTheProjectVersion(String overlay, String module) {
        assertThat(container(Manifests.one(overlay, "Deployment", module)).path("image").asText())
                .isEqualTo("hypercare/" + module + ":" + Repo.version());
    }

    @org.junit.jupiter.api.Test
    void theImageNamesAreTheOnesTheServicesBuildsProduce() {
        for (ServiceConfig config : ServiceConfig.all()) {
            // Quarkus container-image: group/name:tag, tag = project version unless set.
            assertThat(config.get("quarkus.container-image.group").orElse("hypercare")).as(config.module()).isEqualTo("hypercare");
            assertThat(config.get("quarkus.container-image.name").orElse(config.module())).as(config.module()).isEqualTo(config.module());
            assertThat(config.get("quarkus.container-image.tag").orElse(Repo.version())).as(config.module()).isEqualTo(Repo.version());
            if (!config.hasDependency("quarkus-container-image-jib") || config.get("quarkus.container-image.group").isEmpty()) {
                System.out.println("[deploy-tests] NOTE " + config.module() + " does not build hypercare/" + config.module()
                        + " yet: it needs quarkus-container-image-jib and quarkus.container-image.group=hypercare (docs/deploy.md)");
            }
        }
    }

    /** mountPath -> volume name, for the container's mounts of emptyDir volumes. */
    static Map<String, String> mountedEmptyDirs(ObjectNode d) {
        Set<String> emptyDirs = new TreeSet<>();
        for (JsonNode v : d.at("/spec/template/spec/volumes")) {
            if (v.has("emptyDir")) {
                emptyDirs.add(v.path("name").asText());
            }
        }
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode m : container(d).path("volumeMounts")) {
            if (emptyDirs.contains(m.path("name").asText())) {
                mounts.put(m.path("mountPath").asText(), m.path("name").asText());
            }
        }
        return mounts;
    }
}
