package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege: each service's KafkaUser may do exactly what the service's role needs, with the
 * topic names taken from the registry, and nothing its code does is left out.
 */
class KafkaUserAclTest {

    /** What each service reads and writes (docs/conventions.md, issue 7). */
    record Role(String module, String user, List<Topic<?, ?>> reads, List<Topic<?, ?>> writes) {
    }

    static final List<Role> ROLES = List.of(
            // Reads back its own two topics (assigned partitions, no group) for its view of known ids.
            new Role("ingest-service", "hypercare-ingest", List.of(Topics.FEEDBACK_RAW, Topics.FEEDBACK_LIFECYCLE),
                    List.of(Topics.FEEDBACK_RAW, Topics.FEEDBACK_LIFECYCLE)),
            new Role("triage-service", "hypercare-triage", List.of(Topics.FEEDBACK_RAW, Topics.TRIAGE_RULES),
                    List.of(Topics.FEEDBACK_TRIAGED, Topics.PRIORITY_P1, Topics.PRIORITY_P2, Topics.PRIORITY_P3,
                            Topics.PRIORITY_P4, Topics.ISSUES, Topics.DEADLETTER)),
            new Role("metrics-service", "hypercare-metrics",
                    List.of(Topics.FEEDBACK_TRIAGED, Topics.FEEDBACK_LIFECYCLE, Topics.ISSUES, Topics.TRIAGE_RULES),
                    List.of(Topics.KPIS, Topics.SLA_BREACHES)));

    record Acl(String type, String name, String pattern, String operation) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }
    }

    static Stream<Arguments> overlaysAndRoles() {
        return Manifests.overlays().stream().flatMap(o -> ROLES.stream().map(r -> Arguments.of(o, r)));
    }

    static Set<Acl> acls(ObjectNode user) {
        Set<Acl> acls = new TreeSet<>();
        for (JsonNode rule : user.at("/spec/authorization/acls")) {
            JsonNode r = rule.path("resource");
            for (JsonNode op : rule.path("operations")) {
                acls.add(new Acl(r.path("type").asText(), r.path("name").asText(),
                        r.path("patternType").asText("literal"), op.asText()));
            }
        }
        return acls;
    }

    static Set<Acl> expected(Role role, ServiceConfig config) {
        Set<Acl> acls = new TreeSet<>();
        // Metadata only: the start-up topic check lists the registry's topics.
        acls.add(new Acl("topic", "hypercare.", "prefix", "Describe"));
        for (Topic<?, ?> t : role.reads()) {
            acls.add(new Acl("topic", t.name(), "literal", "Read"));
            acls.add(new Acl("topic", t.name(), "literal", "Describe"));
        }
        for (Topic<?, ?> t : role.writes()) {
            acls.add(new Acl("topic", t.name(), "literal", "Write"));
            acls.add(new Acl("topic", t.name(), "literal", "Describe"));
        }
        config.applicationId().ifPresent(app -> {
            for (String op : List.of("Create", "Delete", "Describe", "DescribeConfigs", "Read", "Write")) {
                acls.add(new Acl("topic", app + "-", "prefix", op));
            }
            acls.add(new Acl("group", app, "literal", "Read"));
            acls.add(new Acl("group", app, "literal", "Describe"));
            acls.add(new Acl("transactionalId", app + "-", "prefix", "Write"));
            acls.add(new Acl("transactionalId", app + "-", "prefix", "Describe"));
        });
        return acls;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndRoles")
    void eachServicesUserHasExactlyTheAclsOfItsRole(String overlay, Role role) {
        ObjectNode user = Manifests.one(overlay, "KafkaUser", role.user());
        assertThat(acls(user)).as(overlay + " " + role.user())
                .containsExactlyElementsOf(expected(role, ServiceConfig.of(role.module())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndRoles")
    void eachDeploymentConnectsAsItsOwnUser(String overlay, Role role) {
        ObjectNode d = Manifests.one(overlay, "Deployment", role.module());
        List<String> secrets = new ArrayList<>();
        for (JsonNode env : d.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                secrets.add(env.at("/valueFrom/secretKeyRef/name").asText() + "/" + env.at("/valueFrom/secretKeyRef/key").asText());
            }
        }
        assertThat(secrets).containsExactly(role.user() + "/sasl.jaas.config");
    }

    @Test
    void noUserHoldsAllClusterOrWildcardRights() {
        for (String overlay : Manifests.overlays()) {
            for (ObjectNode user : Manifests.ofKind(overlay, "KafkaUser")) {
                assertThat(acls(user)).as(Kustomize.id(user)).allSatisfy(acl -> {
                    assertThat(acl.operation()).isNotIn("All", "Alter", "AlterConfigs", "ClusterAction");
                    assertThat(acl.type()).isNotEqualTo("cluster");
                    assertThat(acl.name()).isNotEqualTo("*").startsWith("hypercare");
                });
            }
        }
    }

    @Test
    void everyRegistryTopicAServicesCodeUsesIsCoveredByItsAcls() {
        for (Role role : ROLES) {
            Set<String> allowed = new TreeSet<>();
            role.reads().forEach(t -> allowed.add(t.name()));
            role.writes().forEach(t -> allowed.add(t.name()));
            assertThat(topicsUsedByCode(role.module())).as(role.module() + " uses topics outside its ACLs")
                    .isSubsetOf(allowed);
        }
    }

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");

    /** Registry topics named in a module's main sources (Topics.X constants, forPriority -> P1..P4). */
    static Set<String> topicsUsedByCode(String module) {
        Set<String> names = new TreeSet<>();
        Map<String, Topic<?, ?>> constants = new java.util.HashMap<>();
        for (Field f : Topics.class.getFields()) {
            if (Topic.class.isAssignableFrom(f.getType())) {
                try {
                    constants.put(f.getName(), (Topic<?, ?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher m = TOPIC_CONSTANT.matcher(source);
                while (m.find()) {
                    Topic<?, ?> t = constants.get(m.group(1));
                    if (t != null) {
                        names.add(t.name());
                    }
                }
                if (source.contains("Topics.forPriority")) {
                    List.of(Topics.PRIORITY_P1, Topics.PRIORITY_P2, Topics.PRIORITY_P3, Topics.PRIORITY_P4)
                            .forEach(t -> names.add(t.name()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
