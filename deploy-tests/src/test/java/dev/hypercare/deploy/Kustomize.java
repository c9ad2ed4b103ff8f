package dev.hypercare.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of features
 * Hypercare's overlays use: {@code resources} (files and directories), {@code namespace},
 * {@code labels} (metadata, optionally pod templates), {@code patches} (strategic-merge patches,
 * untargeted or with a kind/name target, and targeted JSON patches with add, replace and remove),
 * {@code images} and {@code replicas}. Any other field fails
 * loudly, so an overlay can never silently use a feature this renderer ignores. Where kubectl is
 * installed, {@link #kubectl(Path)} renders with it and KustomizeTest checks both agree.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of(
            "apiVersion", "kind", "resources", "namespace", "labels", "patches", "images", "replicas");
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "PersistentVolume", "StorageClass", "PriorityClass");
    /** Strategic-merge keys of the lists the patches may touch; any other list is replaced. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "ports", "containerPort");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No kustomization.yaml in " + dir);
        }
        ObjectNode k = Yaml.document(file);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new UnsupportedOperationException(file + ": '" + field
                        + "' is not supported by the subset renderer (deploy-tests Kustomize); use "
                        + SUPPORTED + " or extend it");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path p = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(p)) {
                resources.addAll(build(p));
            } else {
                resources.addAll(Yaml.documents(p));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, file, patch, resources);
        }
        for (JsonNode label : k.path("labels")) {
            if (label.path("includeSelectors").asBoolean(false)) {
                throw new UnsupportedOperationException(file + ": labels.includeSelectors is not supported");
            }
            boolean templates = label.path("includeTemplates").asBoolean(false);
            for (ObjectNode r : resources) {
                label.path("pairs").fields().forEachRemaining(e -> {
                    obj(obj(r, "metadata"), "labels").set(e.getKey(), e.getValue());
                    if (templates && r.at("/spec/template").isObject()) {
                        obj(obj(obj(obj(r, "spec"), "template"), "metadata"), "labels").set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode r : resources) {
                for (String list : List.of("containers", "initContainers")) {
                    for (JsonNode c : r.at("/spec/template/spec/" + list)) {
                        retag((ObjectNode) c, image);
                    }
                }
            }
        }
        for (JsonNode replicas : k.path("replicas")) {
            String name = replicas.path("name").asText();
            boolean found = false;
            for (ObjectNode r : resources) {
                if (Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(r.path("kind").asText())
                        && name.equals(r.at("/metadata/name").asText())) {
                    obj(r, "spec").put("replicas", replicas.path("count").asInt());
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(file + ": replicas for unknown workload " + name);
            }
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode r : resources) {
                if (!CLUSTER_SCOPED.contains(r.path("kind").asText())) {
                    obj(r, "metadata").put("namespace", ns);
                }
            }
        }
        return resources;
    }

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> resources) {
        List<JsonNode> documents = entry.hasNonNull("path")
                ? Yaml.nodes(dir.resolve(entry.get("path").asText()))
                : Yaml.nodes(entry.path("patch").asText());
        JsonNode target = entry.get("target");
        if (documents.size() == 1 && documents.get(0).isArray()) {
            applyJsonPatch(file, entry, (ArrayNode) documents.get(0), resources);
            return;
        }
        List<ObjectNode> patches = new ArrayList<>();
        for (JsonNode d : documents) {
            if (!(d instanceof ObjectNode o)) {
                throw new IllegalArgumentException(file + ": patch " + entry + " is neither a strategic-merge patch nor a JSON patch");
            }
            patches.add(o);
        }
        for (ObjectNode patch : patches) {
            int applied = 0;
            for (ObjectNode r : resources) {
                boolean matches = target != null
                        ? matchesTarget(r, target)
                        : r.path("kind").asText().equals(patch.path("kind").asText())
                          && r.at("/metadata/name").asText().equals(patch.at("/metadata/name").asText());
                if (matches) {
                    ObjectNode body = patch.deepCopy();
                    if (target != null) {
                        // With a target, the patch's own name only satisfies the schema.
                        obj(body, "metadata").remove("name");
                    }
                    merge(r, body);
                    applied++;
                }
            }
            if (applied == 0) {
                throw new IllegalArgumentException(file + ": patch " + entry + " matched no resource");
            }
        }
    }

    /** A JSON patch (RFC 6902) on every resource its target selects, as kustomize applies one. */
    private static void applyJsonPatch(Path file, JsonNode entry, ArrayNode operations, List<ObjectNode> resources) {
        JsonNode target = entry.get("target");
        if (target == null) {
            throw new IllegalArgumentException(file + ": a JSON patch needs a target: " + entry);
        }
        int applied = 0;
        for (ObjectNode r : resources) {
            if (matchesTarget(r, target)) {
                for (JsonNode op : operations) {
                    applyOperation(r, op, file);
                }
                applied++;
            }
        }
        if (applied == 0) {
            throw new IllegalArgumentException(file + ": patch " + entry + " matched no resource");
        }
    }

    private static void applyOperation(ObjectNode resource, JsonNode op, Path file) {
        String kind = op.path("op").asText();
        String path = op.path("path").asText();
        if (!Set.of("add", "replace", "remove").contains(kind)) {
            throw new UnsupportedOperationException(file + ": JSON patch op '" + kind
                    + "' is not supported by the subset renderer (deploy-tests Kustomize); use add, replace or remove");
        }
        int slash = path.lastIndexOf('/');
        if (!path.startsWith("/") || slash < 0) {
            throw new IllegalArgumentException(file + ": JSON patch path " + path);
        }
        JsonNode parent = resource.at(path.substring(0, slash));
        String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        String where = file + ": " + kind + " " + path + " in " + id(resource);
        if (parent instanceof ObjectNode object) {
            if (!kind.equals("add") && !object.has(last)) {
                throw new IllegalArgumentException(where + ": no such field");
            }
            if (kind.equals("remove")) {
                object.remove(last);
            } else {
                object.set(last, op.path("value").deepCopy());
            }
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") && kind.equals("add") ? array.size() : Integer.parseInt(last);
            if (index < 0 || index > array.size() || (!kind.equals("add") && index == array.size())) {
                throw new IllegalArgumentException(where + ": index out of range");
            }
            switch (kind) {
                case "add" -> array.insert(index, op.path("value").deepCopy());
                case "replace" -> array.set(index, op.path("value").deepCopy());
                default -> array.remove(index);
            }
        } else {
            throw new IllegalArgumentException(where + ": no such parent");
        }
    }

    private static boolean matchesTarget(ObjectNode r, JsonNode target) {
        for (String field : List.of("kind", "name", "namespace")) {
            if (target.hasNonNull(field)) {
                String actual = field.equals("kind") ? r.path("kind").asText() : r.at("/metadata/" + field).asText();
                if (!actual.matches(target.get(field).asText())) {
                    return false;
                }
            }
        }
        if (target.hasNonNull("group") || target.hasNonNull("version")) {
            String apiVersion = r.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (target.hasNonNull("group") && !group.equals(target.get("group").asText())) {
                return false;
            }
            if (target.hasNonNull("version") && !version.equals(target.get("version").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Strategic merge, the parts the overlays use: maps merge, null deletes, keyed lists merge. */
    static void merge(ObjectNode into, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            JsonNode existing = into.get(key);
            if (value.isNull()) {
                into.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(key)) {
                mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(key));
            } else {
                into.set(key, value.deepCopy());
            }
        }
    }

    /**
     * Merges a keyed list in kustomize's order (kustomize 5, kyaml): the patch's items first, in the patch's
     * order, each merged into the original item of its key, then the items only the original has.
     */
    private static void mergeList(ArrayNode into, ArrayNode patch, String mergeKey) {
        List<JsonNode> merged = new ArrayList<>();
        Set<JsonNode> patchedKeys = new java.util.HashSet<>();
        for (JsonNode item : patch) {
            patchedKeys.add(item.path(mergeKey));
            Optional<JsonNode> same = Optional.empty();
            for (JsonNode candidate : into) {
                if (candidate.path(mergeKey).equals(item.path(mergeKey))) {
                    same = Optional.of(candidate);
                }
            }
            if (same.isPresent() && item.isObject()) {
                merge((ObjectNode) same.get(), (ObjectNode) item);
                merged.add(same.get());
            } else {
                merged.add(item.deepCopy());
            }
        }
        for (JsonNode original : into) {
            if (!patchedKeys.contains(original.path(mergeKey))) {
                merged.add(original);
            }
        }
        into.removeAll();
        into.addAll(merged);
    }

    private static void retag(ObjectNode container, JsonNode image) {
        String current = container.path("image").asText();
        String name = current;
        String tag = null;
        int colon = current.lastIndexOf(':');
        if (colon > current.lastIndexOf('/')) {
            name = current.substring(0, colon);
            tag = current.substring(colon + 1);
        }
        if (!name.equals(image.path("name").asText())) {
            return;
        }
        String newName = image.hasNonNull("newName") ? image.get("newName").asText() : name;
        String newTag = image.hasNonNull("newTag") ? image.get("newTag").asText() : tag;
        container.put("image", newTag == null ? newName : newName + ":" + newTag);
    }

    static ObjectNode obj(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    /** Renders with {@code kubectl kustomize}, or empty when kubectl is not installed here. */
    static Optional<List<ObjectNode>> kubectl(Path dir) {
        Optional<Tool.Result> rendered;
        try {
            rendered = Tool.run(List.of("kubectl", "kustomize", dir.toString()), dir, Duration.ofSeconds(60), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return rendered.map(r -> {
            if (r.exit() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + r.exit() + "): " + r.stderr() + r.stdout());
            }
            return Yaml.documents(r.stdout());
        });
    }

    /** Objects by "kind namespace/name", the identity kustomize gives them. */
    static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> map = new LinkedHashMap<>();
        for (ObjectNode o : objects) {
            String id = id(o);
            if (map.put(id, o) != null) {
                throw new IllegalArgumentException("Two objects with the id " + id);
            }
        }
        return map;
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + " " + o.at("/metadata/namespace").asText("") + "/" + o.at("/metadata/name").asText();
    }
}
