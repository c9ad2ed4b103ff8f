package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Strimzi resources of every overlay against the topic registry and the Kafka clients. */
class StrimziClusterTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    private static Map<String, ObjectNode> topicsByName(String overlay) {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (ObjectNode t : Manifests.ofKind(overlay, "KafkaTopic")) {
            String name = t.at("/spec/topicName").asText(t.at("/metadata/name").asText());
            assertThat(byName.put(name, t)).as(overlay + ": two KafkaTopics for " + name).isNull();
        }
        return byName;
    }

    /** The base's KafkaTopics as the registry calls for them: paste into k8s/base/topics.yaml when it changes. */
    static String expectedBaseTopics() {
        StringBuilder sb = new StringBuilder();
        for (Topic<?, ?> t : Topics.ALL) {
            sb.append("---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata:\n  name: ").append(t.name())
                    .append("\n  labels:\n    strimzi.io/cluster: hypercare\nspec:\n  partitions: ").append(t.partitions())
                    .append("\n  replicas: 3\n  config:\n");
            new TreeMap<>(t.configs()).forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
            sb.append("    min.insync.replicas: 2\n");
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thereIsExactlyOneKafkaTopicPerRegistryTopic(String overlay) {
        assertThat(topicsByName(overlay).keySet()).as("k8s/base/topics.yaml must hold:\n" + expectedBaseTopics())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachKafkaTopicHasTheRegistrysPartitionsCleanupAndRetention(String overlay) {
        Map<String, ObjectNode> topics = topicsByName(overlay);
        for (Topic<?, ?> topic : Topics.ALL) {
            ObjectNode t = topics.get(topic.name());
            assertThat(t.at("/spec/partitions").asInt()).as(overlay + " " + topic.name() + " partitions; k8s/base/topics.yaml must hold:\n" + expectedBaseTopics())
                    .isEqualTo(topic.partitions());
            Map<String, String> config = new HashMap<>();
            t.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            assertThat(config).as(overlay + " " + topic.name() + " config; k8s/base/topics.yaml must hold:\n" + expectedBaseTopics())
                    .containsAllEntriesOf(topic.configs());
            assertThat(config.keySet()).as(overlay + " " + topic.name() + ": only the registry's settings")
                    .isSubsetOf(union(topic.configs().keySet(), Set.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)));
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("hypercare");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kpisIssuesAndRulesAreCompactedAndKeptForever(String overlay) {
        Map<String, ObjectNode> topics = topicsByName(overlay);
        for (Topic<?, ?> topic : List.of(Topics.KPIS, Topics.ISSUES, Topics.TRIAGE_RULES)) {
            assertThat(topics.get(topic.name()).at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");
            assertThat(topics.get(topic.name()).at("/spec/config/retention.ms").asLong()).isEqualTo(-1L);
        }
        assertThat(Topics.ALL.stream().filter(Topic::compacted).map(Topic::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Topics.KPIS.name(), Topics.ISSUES.name(), Topics.TRIAGE_RULES.name());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void replicationIsTheSameForTopicsBrokerDefaultsAndTheServicesFallbackAndFitsTheBrokers(String overlay) {
        int fallback = Manifests.one(overlay, "ConfigMap", "hypercare-kafka")
                .at("/data/HYPERCARE_TOPICS_REPLICATION_FACTOR").asInt();
        JsonNode kafkaConfig = Manifests.one(overlay, "Kafka", "hypercare").at("/spec/kafka/config");
        int brokers = Manifests.ofKind(overlay, "KafkaNodePool").stream()
                .filter(p -> p.at("/spec/roles").toString().contains("broker"))
                .mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
        // The rule TopicProvisioner applies when a service creates a topic: 2 in-sync replicas from 3 on.
        int minIsr = fallback >= 3 ? 2 : 1;
        assertThat(kafkaConfig.path("default.replication.factor").asInt()).isEqualTo(fallback);
        assertThat(kafkaConfig.path("min.insync.replicas").asInt()).isEqualTo(minIsr);
        assertThat(kafkaConfig.path("offsets.topic.replication.factor").asInt()).isEqualTo(fallback);
        assertThat(kafkaConfig.path("transaction.state.log.replication.factor").asInt()).isEqualTo(fallback);
        assertThat(kafkaConfig.path("transaction.state.log.min.isr").asInt()).isEqualTo(minIsr);
        assertThat(brokers).as(overlay + ": brokers").isGreaterThanOrEqualTo(fallback);
        for (ObjectNode t : topicsByName(overlay).values()) {
            assertThat(t.at("/spec/replicas").asInt()).as(Kustomize.id(t)).isEqualTo(fallback);
            assertThat(t.at("/spec/config/min.insync.replicas").asInt()).as(Kustomize.id(t)).isEqualTo(minIsr);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsInKraftModeWithTheClientsMajorMinorVersion(String overlay) {
        ObjectNode kafka = Manifests.one(overlay, "Kafka", "hypercare");
        assertThat(majorMinor(kafka.at("/spec/kafka/version").asText()))
                .as("Kafka version vs kafka-clients " + AppInfoParser.getVersion())
                .isEqualTo(majorMinor(AppInfoParser.getVersion()));
        assertThat(kafka.has("zookeeper")).isFalse();
        List<ObjectNode> pools = Manifests.ofKind(overlay, "KafkaNodePool");
        assertThat(pools).allSatisfy(p -> assertThat(p.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("hypercare"));
        String roles = pools.stream().map(p -> p.at("/spec/roles").toString()).collect(Collectors.joining());
        assertThat(roles).contains("controller").contains("broker");
        assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void clientsAuthenticateWithScramOverTlsAndAreAuthorisedByAcls(String overlay) {
        ObjectNode kafka = Manifests.one(overlay, "Kafka", "hypercare");
        JsonNode listeners = kafka.at("/spec/kafka/listeners");
        assertThat(listeners).allSatisfy(l -> {
            assertThat(l.path("tls").asBoolean()).as("listener " + l.path("name")).isTrue();
            assertThat(l.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        String bootstrap = Manifests.one(overlay, "ConfigMap", "hypercare-kafka").at("/data/KAFKA_BOOTSTRAP_SERVERS").asText();
        assertThat(bootstrap).isEqualTo("hypercare-kafka-bootstrap:" + listeners.get(0).path("port").asInt());
        assertThat(Manifests.ofKind(overlay, "KafkaUser")).hasSize(3).allSatisfy(u ->
                assertThat(u.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512"));
    }

    static String majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return parts[0] + "." + parts[1];
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
