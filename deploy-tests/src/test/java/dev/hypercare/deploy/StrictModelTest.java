package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrictModelTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectOfTheOverlayBindsToItsKubernetesOrStrimziModelWithNoUnknownField(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : Manifests.render(overlay)) {
            try {
                StrictModel.bind(o);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems).as(overlay).isEmpty();
        assertThat(Manifests.render(overlay)).hasSizeGreaterThan(20);
    }

    @Test
    void aMisspeltProbeIsRejectedWithItsPath() {
        ObjectNode d = Yaml.documents("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          image: x
                          livenessprobe: {httpGet: {path: /q/health/live, port: 8080}}
                """).get(0);
        assertThatThrownBy(() -> StrictModel.bind(d))
                .hasMessageContaining("spec.template.spec.containers[0].livenessprobe");
    }

    @Test
    void aFieldStrimziDoesNotKnowIsRejected() {
        ObjectNode t = Yaml.documents("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 6, replica: 3}
                """).get(0);
        assertThatThrownBy(() -> StrictModel.bind(t)).hasMessageContaining("spec.replica");
    }

    @Test
    void anInvalidAclOperationIsRejected() {
        ObjectNode u = Yaml.documents("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls: [{resource: {type: topic, name: t}, operations: [Publish]}]
                """).get(0);
        assertThatThrownBy(() -> StrictModel.bind(u)).hasMessageContaining("spec.authorization.acls[0].operations[0]");
    }

    @Test
    void anApiVersionOutsideTheAllowedOnesIsRejected() {
        ObjectNode hpa = Yaml.documents("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                """).get(0);
        assertThatThrownBy(() -> StrictModel.bind(hpa)).hasMessageContaining("not an allowed apiVersion/kind");
    }
}
