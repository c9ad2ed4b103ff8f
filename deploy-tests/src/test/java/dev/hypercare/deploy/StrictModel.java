package dev.hypercare.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a manifest to its Kubernetes (fabric8) or Strimzi model class and rejects every field the
 * model does not know. Both model families keep unknown fields in {@code additionalProperties}
 * instead of failing, so a misspelt {@code livenessprobe} or a field of another Strimzi version
 * would pass a plain bind; this walks the bound object and reports each such field with its path.
 */
final class StrictModel {

    /** apiVersion + kind -> model class. Only these kinds, at these API versions, are allowed. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true);

    /** Writes every property, defaults included, so that a value equal to a default is not taken as lost. */
    private static final ObjectMapper ROUND_TRIP = new ObjectMapper().setAnnotationIntrospector(
            new com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector() {
                @Override
                public com.fasterxml.jackson.annotation.JsonInclude.Value findPropertyInclusion(
                        com.fasterxml.jackson.databind.introspect.Annotated a) {
                    return com.fasterxml.jackson.annotation.JsonInclude.Value.empty();
                }
            });

    private StrictModel() {
    }

    /** The bound object; throws with every unknown field's path when the manifest has any. */
    static HasMetadata bind(JsonNode manifest) {
        String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException(Kustomize.id(manifest) + ": " + key
                    + " is not an allowed apiVersion/kind; allowed: " + KINDS.keySet());
        }
        if (type.getPackageName().startsWith("io.strimzi")) {
            String version = key.split("/")[1];
            try {
                Object versions = type.getField("VERSIONS").get(null);
                if (!((List<?>) versions).contains(version)) {
                    throw new IllegalArgumentException(Kustomize.id(manifest) + ": Strimzi's " + type.getSimpleName()
                            + " has the API versions " + versions + ", not " + version);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        HasMetadata bound;
        try {
            bound = MAPPER.treeToValue(manifest, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(Kustomize.id(manifest) + " does not bind to " + type.getName()
                    + ": " + e.getMessage(), e);
        }
        List<String> unknown = unknownFields(bound);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(Kustomize.id(manifest) + " has fields unknown to "
                    + type.getSimpleName() + " (" + modelOrigin(type) + "): " + unknown);
        }
        List<String> lost = new ArrayList<>();
        JsonNode back = ROUND_TRIP.valueToTree(bound);
        // The model writes its own storage version; the apiVersion itself was checked above.
        ((com.fasterxml.jackson.databind.node.ObjectNode) back).set("apiVersion", manifest.get("apiVersion"));
        lostValues(manifest, back, "", lost);
        if (!lost.isEmpty()) {
            throw new IllegalArgumentException(Kustomize.id(manifest) + " has values " + type.getSimpleName()
                    + " cannot represent (an unknown enum value?): " + lost);
        }
        return bound;
    }

    /** Every value of the manifest must survive binding: what the model drops, it did not understand. */
    private static void lostValues(JsonNode in, JsonNode out, String path, List<String> lost) {
        if (in.isObject()) {
            in.fields().forEachRemaining(e -> {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode o = out == null ? null : out.get(e.getKey());
                if (o == null || o.isNull()) {
                    if (!e.getValue().isNull()) {
                        lost.add(p);
                    }
                } else {
                    lostValues(e.getValue(), o, p, lost);
                }
            });
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                JsonNode o = out != null && out.isArray() && out.size() > i ? out.get(i) : null;
                if (o == null || o.isNull()) {
                    lost.add(path + "[" + i + "]");
                } else {
                    lostValues(in.get(i), o, path + "[" + i + "]", lost);
                }
            }
        } else if (out == null || !in.asText().equals(out.asText())) {
            lost.add(path + " (" + in.asText() + " -> " + (out == null ? "nothing" : out.asText()) + ")");
        }
    }

    static <T> T bind(JsonNode manifest, Class<T> type) {
        return type.cast(bind(manifest));
    }

    private static String modelOrigin(Class<?> type) {
        Package p = type.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return type.getPackageName().startsWith("io.strimzi") ? "Strimzi api" + (version == null ? "" : " " + version)
                : "fabric8 kubernetes-model" + (version == null ? "" : " " + version);
    }

    /** Paths of the fields that landed in some additionalProperties map. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object node, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi")) || node.getClass().isEnum()) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || m.getReturnType().isPrimitive()) {
                continue;
            }
            String name = m.getName();
            boolean getter = name.startsWith("get") && name.length() > 3;
            if (!getter) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object k : extra.keySet()) {
                        found.add((path.isEmpty() ? "" : path + ".") + k);
                    }
                }
                continue;
            }
            if (SKIPPED_GETTERS.contains(name)) {
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(value, path.isEmpty() ? field : path + "." + field, found, seen);
        }
    }

    /** Derived views of the same data, not fields of the manifest. */
    private static final Set<String> SKIPPED_GETTERS = Set.of("getClass", "getPlural", "getSingular", "getCRDName",
            "getScope", "getGroup", "getVersion", "getFullResourceName", "getMarkedForDeletion");
}
