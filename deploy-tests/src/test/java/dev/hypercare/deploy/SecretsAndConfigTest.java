package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ConfigMap and Secret a Deployment uses exists, is made by Strimzi, or is documented as made by hand. */
class SecretsAndConfigTest {

    /** Made by the Strimzi cluster operator for the Kafka named hypercare. */
    static final Set<String> MADE_BY_STRIMZI = Set.of("hypercare-cluster-ca-cert");
    /** Made by hand in prod (never committed); docs/deploy.md says how. */
    static final Set<String> MADE_BY_HAND = Set.of("hypercare-ingest-keys");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    /** "kind/name/key" of every reference; key "*" for a whole-object reference. */
    static List<String[]> references(ObjectNode deployment) {
        List<String[]> refs = new ArrayList<>();
        JsonNode pod = deployment.at("/spec/template/spec");
        for (JsonNode c : pod.path("containers")) {
            for (JsonNode e : c.path("env")) {
                JsonNode cm = e.at("/valueFrom/configMapKeyRef");
                if (cm.isObject()) {
                    refs.add(new String[] {"ConfigMap", cm.path("name").asText(), cm.path("key").asText(), cm.path("optional").asText("false")});
                }
                JsonNode secret = e.at("/valueFrom/secretKeyRef");
                if (secret.isObject()) {
                    refs.add(new String[] {"Secret", secret.path("name").asText(), secret.path("key").asText(), secret.path("optional").asText("false")});
                }
            }
        }
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("secret")) {
                JsonNode items = v.at("/secret/items");
                if (items.isArray() && !items.isEmpty()) {
                    items.forEach(i -> refs.add(new String[] {"Secret", v.at("/secret/secretName").asText(), i.path("key").asText(), "false"}));
                } else {
                    refs.add(new String[] {"Secret", v.at("/secret/secretName").asText(), "*", "false"});
                }
            }
        }
        return refs;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyConfigMapAndSecretADeploymentReadsExistsOrIsMadeByStrimziOrByHand(String overlay) throws IOException {
        Set<String> kafkaUsers = new TreeSet<>();
        Manifests.ofKind(overlay, "KafkaUser").forEach(u -> kafkaUsers.add(u.at("/metadata/name").asText()));
        String docs = Files.readString(Repo.path("docs/deploy.md"));
        for (ObjectNode d : Manifests.ofKind(overlay, "Deployment")) {
            for (String[] ref : references(d)) {
                String what = overlay + " " + Kustomize.id(d) + " -> " + String.join("/", ref);
                ObjectNode object = Manifests.ofKind(overlay, ref[0]).stream()
                        .filter(o -> o.at("/metadata/name").asText().equals(ref[1])).findFirst().orElse(null);
                if (object != null) {
                    if (!ref[2].equals("*") && !ref[3].equals("true")) {
                        boolean has = object.at("/data/" + ref[2].replace("~", "~0").replace("/", "~1")).isTextual()
                                || object.at("/stringData/" + ref[2].replace("~", "~0").replace("/", "~1")).isTextual();
                        assertThat(has).as(what + ": key missing").isTrue();
                    }
                } else if (ref[0].equals("Secret") && kafkaUsers.contains(ref[1])) {
                    assertThat(ref[2]).as(what).isIn("sasl.jaas.config", "password");
                } else if (ref[0].equals("Secret") && MADE_BY_STRIMZI.contains(ref[1])) {
                    assertThat(ref[2]).as(what).isEqualTo("ca.crt");
                } else {
                    assertThat(MADE_BY_HAND).as(what + ": exists nowhere").contains(ref[1]);
                    assertThat(docs).as(what + ": docs/deploy.md must say how to create it").contains(ref[1]).contains(ref[2].equals("*") ? ref[1] : ref[2]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyFileAVariableNamesLiesInAMountedVolume(String overlay) {
        for (ObjectNode d : Manifests.ofKind(overlay, "Deployment")) {
            JsonNode c = d.at("/spec/template/spec/containers/0");
            List<String> mounts = new ArrayList<>();
            c.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText() + "/"));
            for (JsonNode e : c.path("env")) {
                String name = e.path("name").asText();
                if (!(name.endsWith("_FILE") || name.endsWith("_LOCATION"))) {
                    continue;
                }
                String value = e.has("value") ? e.path("value").asText() : configMapValue(overlay, e.at("/valueFrom/configMapKeyRef"));
                assertThat(mounts).as(overlay + " " + Kustomize.id(d) + " " + name + "=" + value)
                        .anySatisfy(m -> assertThat(value).startsWith(m));
            }
        }
    }

    private static String configMapValue(String overlay, JsonNode ref) {
        return Manifests.one(overlay, "ConfigMap", ref.path("name").asText()).at("/data/" + ref.path("key").asText()).asText();
    }

    @Test
    void prodCommitsNoSecretValues() {
        assertThat(Manifests.ofKind("prod", "Secret")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theIngestServiceRequiresApiKeysInEveryCluster(String overlay) {
        JsonNode env = Manifests.one(overlay, "Deployment", "ingest-service").at("/spec/template/spec/containers/0/env");
        List<String> auth = new ArrayList<>();
        env.forEach(e -> {
            if (e.path("name").asText().equals("HYPERCARE_INGEST_AUTH_ENABLED")) {
                auth.add(e.path("value").asText());
            }
        });
        assertThat(auth).containsExactly("true");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyIngestReplicaEncryptsReporterContactsWithTheSameKeysFromASecret(String overlay) {
        // Both variables have a default in application.properties (unset: a random key per process), so no
        // other check misses them: without them each replica would encrypt with its own key, and no other
        // replica, nor the same one after a restart, could read those contacts back.
        JsonNode env = Manifests.one(overlay, "Deployment", "ingest-service").at("/spec/template/spec/containers/0/env");
        for (String name : List.of("HYPERCARE_PRIVACY_KEYS", "HYPERCARE_PRIVACY_ACTIVE_KEY_ID")) {
            List<JsonNode> set = new ArrayList<>();
            env.forEach(e -> {
                if (e.path("name").asText().equals(name)) {
                    set.add(e);
                }
            });
            assertThat(set).as(overlay + " ingest-service " + name).hasSize(1);
            JsonNode ref = set.get(0).at("/valueFrom/secretKeyRef");
            assertThat(ref.isObject()).as(overlay + " ingest-service " + name + " from a Secret, got " + set.get(0)).isTrue();
            assertThat(ref.path("optional").asBoolean(false)).as(overlay + " ingest-service " + name + " optional").isFalse();
        }
    }

    @Test
    void theDevKeyMaterialHasTheShapesTheIngestServiceAccepts() throws IOException {
        ObjectNode secret = Manifests.one("dev", "Secret", "hypercare-ingest-keys");
        Properties keys = new Properties();
        keys.load(new StringReader(secret.at("/stringData/api-keys.properties").asText()));
        assertThat(keys).isNotEmpty();
        Set<String> names = new TreeSet<>();
        keys.stringPropertyNames().forEach(k -> names.add(k.substring(0, k.lastIndexOf('.'))));
        for (String name : names) {
            assertThat(keys.getProperty(name + ".sha256")).matches("[0-9a-f]{64}");
            assertThat(keys.getProperty(name + ".app")).isNotBlank();
            assertThat(keys.getProperty(name + ".scopes")).isNotBlank();
        }
        String active = secret.at("/stringData/privacy-active-key-id").asText();
        List<String> ids = new ArrayList<>();
        for (String entry : secret.at("/stringData/privacy-keys").asText().split(",")) {
            String[] idKey = entry.trim().split(":", 2);
            ids.add(idKey[0]);
            assertThat(Base64.getDecoder().decode(idKey[1])).as("AES-256 key " + idKey[0]).hasSize(32);
        }
        assertThat(ids).contains(active);
    }
}
