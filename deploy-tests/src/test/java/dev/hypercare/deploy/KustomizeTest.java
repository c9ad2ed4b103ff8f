package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KustomizeTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void thereAreADevAndAProdOverlay() {
        assertThat(Manifests.overlays()).contains("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rendersEachOverlayExactlyLikeKubectlKustomizeWhereKubectlIsInstalled(String overlay) {
        Optional<List<ObjectNode>> kubectl = Kustomize.kubectl(Repo.path("k8s/overlays/" + overlay));
        if (kubectl.isEmpty()) {
            System.out.println("[deploy-tests] kubectl not installed: " + overlay
                    + " rendered by the subset renderer only (its features are unit-tested below)");
        }
        assumeTrue(kubectl.isPresent(), "kubectl is not installed here");
        Map<String, ObjectNode> ours = Kustomize.byId(Manifests.render(overlay));
        Map<String, ObjectNode> theirs = Kustomize.byId(kubectl.get());
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
        for (String id : theirs.keySet()) {
            assertThat(ours.get(id)).as(overlay + ": " + id).isEqualTo(theirs.get(id));
        }
    }

    @Test
    void patchesMergeMapsAndListsByKeyInKustomizesOrderAndNullDeletesAField() {
        ObjectNode into = Yaml.documents("""
                spec:
                  storage: {type: jbod, volumes: [{id: 0}]}
                  containers:
                    - name: app
                      env: [{name: A, value: "1"}, {name: B, value: "2"}]
                """).get(0);
        ObjectNode patch = Yaml.documents("""
                spec:
                  storage: {type: ephemeral, volumes: null}
                  containers:
                    - name: app
                      env: [{name: B, value: "3"}, {name: C, value: "4"}]
                """).get(0);
        Kustomize.merge(into, patch);
        // kubectl kustomize (kustomize 5.5) puts the patch's items first, then those only the original has.
        assertThat(into).isEqualTo(Yaml.documents("""
                spec:
                  storage: {type: ephemeral}
                  containers:
                    - name: app
                      env: [{name: B, value: "3"}, {name: C, value: "4"}, {name: A, value: "1"}]
                """).get(0));
    }

    @Test
    void jsonPatchesAddReplaceAndRemoveOnEveryResourceTheirTargetSelects(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [policies.yaml]
                patches:
                  - path: rule.yaml
                    target: {kind: NetworkPolicy}
                """);
        Files.writeString(dir.resolve("policies.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a, labels: {old: x}}
                spec: {ingress: [{ports: [{port: 1}]}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: b, labels: {old: x}}
                spec: {ingress: []}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                """);
        Files.writeString(dir.resolve("rule.yaml"), """
                - {op: add, path: /spec/ingress/-, value: {ports: [{port: http}]}}
                - {op: add, path: /metadata/labels/app.kubernetes.io~1name, value: hypercare}
                - {op: remove, path: /metadata/labels/old}
                """);
        Map<String, ObjectNode> out = Kustomize.byId(Kustomize.build(dir));
        assertThat(out.get("NetworkPolicy /a").at("/spec/ingress").toString()).isEqualTo("[{\"ports\":[{\"port\":1}]},{\"ports\":[{\"port\":\"http\"}]}]");
        assertThat(out.get("NetworkPolicy /b").at("/spec/ingress").toString()).isEqualTo("[{\"ports\":[{\"port\":\"http\"}]}]");
        assertThat(out.get("NetworkPolicy /b").at("/metadata/labels").toString()).isEqualTo("{\"app.kubernetes.io/name\":\"hypercare\"}");
        assertThat(out.get("ConfigMap /c").has("spec")).isFalse();
        Files.writeString(dir.resolve("rule.yaml"), "- {op: move, from: /spec, path: /x}\n");
        assertThatThrownBy(() -> Kustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("move");
    }

    @Test
    void namespaceLabelsImagesReplicasAndTargetedPatchesAreApplied(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources: [app.yaml]\n");
        Files.writeString(dir.resolve("base/app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers: [{name: app, image: "hypercare/app:1"}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data: {A: "1"}
                """);
        Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(dir.resolve("overlay/kustomization.yaml"), """
                namespace: ns
                labels: [{pairs: {env: test}}]
                resources: [../base]
                images: [{name: hypercare/app, newTag: "2"}]
                replicas: [{name: app, count: 5}]
                patches:
                  - target: {kind: ConfigMap}
                    patch: |
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: any}
                      data: {B: "2"}
                """);
        Map<String, ObjectNode> out = Kustomize.byId(Kustomize.build(dir.resolve("overlay")));
        assertThat(out).containsOnlyKeys("Deployment ns/app", "ConfigMap ns/cfg");
        ObjectNode app = out.get("Deployment ns/app");
        assertThat(app.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(app.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("hypercare/app:2");
        assertThat(app.at("/metadata/labels/env").asText()).isEqualTo("test");
        assertThat(out.get("ConfigMap ns/cfg").get("data").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"2\"}");
    }

    @Test
    void aKustomizeFeatureTheRendererDoesNotImplementFailsInsteadOfBeingIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "namePrefix: x-\nresources: []\n");
        assertThatThrownBy(() -> Kustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("namePrefix");
    }

    @Test
    void aPatchThatMatchesNoResourceFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\npatches: [{path: p.yaml}]\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n");
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("matched no resource");
    }
}
