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
                    // KPIs: read back by the live feed (a plain consumer) behind the SSE stream and the dashboard.
                    List.of(Topics.FEEDBACK_TRIAGED, Topics.FEEDBACK_LIFECYCLE, Topics.ISSUES, Topics.TRIAGE_RULES, Topics.KPIS),
                    // P1: volume-spike alerts (issue 8); dead letters: input records the item state cannot use.
                    List.of(Topics.KPIS, Topics.SLA_BREACHES, Topics.PRIORITY_P1, Topics.DEADLETTER)));

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

    @Test
    void whereAServicesCodeVisiblyReadsOrWritesATopicItsAclsGrantThatVeryRight() {
        for (Role role : ROLES) {
            Set<String> reads = new TreeSet<>();
            role.reads().forEach(t -> reads.add(t.name()));
            Set<String> writes = new TreeSet<>();
            role.writes().forEach(t -> writes.add(t.name()));
            Map<String, Set<String>> usage = topicUsageByCode(role.module());
            System.out.println("[deploy-tests] " + role.module() + " code: reads " + usage.get("read") + ", writes " + usage.get("write"));
            assertThat(usage.get("read")).as(role.module() + " reads (builder.stream/table/globalTable, addSource, a plain consumer)")
                    .isSubsetOf(reads);
            assertThat(usage.get("write")).as(role.module() + " writes (.to, addSink)").isSubsetOf(writes);
        }
    }

    private static final List<String> READ_CALLS = List.of(".stream(", ".table(", ".globalTable(", "addSource(", "addGlobalStore(");
    private static final List<String> WRITE_CALLS = List.of(".to(", "addSink(");
    /** A plain producer's write: the record names its topic. */
    private static final List<String> PRODUCER_WRITES = List.of("new ProducerRecord");

    /**
     * "read"/"write" -> registry topics named as Topics.X inside a Kafka Streams source or sink call of
     * the same statement, and every registry topic named in a source that opens a plain consumer (it reads them with
     * assign/subscribe, often through a variable). Other uses through variables are not classified (the coverage
     * test still holds them).
     */
    static Map<String, Set<String>> topicUsageByCode(String module) {
        Map<String, Set<String>> usage = Map.of("read", new TreeSet<>(), "write", new TreeSet<>());
        Map<String, Topic<?, ?>> constants = registryConstants();
        try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                classify(Files.readString(file), constants, usage);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return usage;
    }

    static void classify(String source, Map<String, Topic<?, ?>> constants, Map<String, Set<String>> usage) {
        boolean plainConsumer = source.contains("new KafkaConsumer");
        Matcher m = TOPIC_CONSTANT.matcher(source);
        while (m.find()) {
            Topic<?, ?> t = constants.get(m.group(1));
            if (t == null) {
                continue;
            }

            int start = Math.max(Math.max(source.lastIndexOf(';', m.start()), source.lastIndexOf('{', m.start())),
                    source.lastIndexOf('}', m.start()));
            String statement = source.substring(start + 1, m.start());
            int read = READ_CALLS.stream().mapToInt(statement::lastIndexOf).max().orElse(-1);
            int write = WRITE_CALLS.stream().mapToInt(statement::lastIndexOf).max().orElse(-1);
            boolean produced = PRODUCER_WRITES.stream().anyMatch(statement::contains);
            if (write > read || (write < 0 && produced)) {
                usage.get("write").add(t.name());
            } else if (read > write || plainConsumer) {
                // a file with a plain consumer reads its other topics through it (assign/subscribe, often by variable)
                usage.get("read").add(t.name());
            }
        }
    }

    @Test
    void theUsageClassifierTellsSourcesFromSinksWithinAStatement() {
        Map<String, Set<String>> usage = Map.of("read", new TreeSet<>(), "write", new TreeSet<>());
        classify("""
                builder.stream(Topics.FEEDBACK_RAW.name(), Consumed.with(Topics.FEEDBACK_RAW.keySerde(), x))
                        .mapValues(v -> v)
                        .to(Topics.FEEDBACK_TRIAGED.name(), Produced.with(Topics.FEEDBACK_TRIAGED.keySerde(), y));
                var kpis = Topics.KPIS;
                builder.globalTable(Topics.TRIAGE_RULES.name());
                """, registryConstants(), usage);
        assertThat(usage.get("read")).containsExactlyInAnyOrder(Topics.FEEDBACK_RAW.name(), Topics.TRIAGE_RULES.name());
        assertThat(usage.get("write")).containsExactly(Topics.FEEDBACK_TRIAGED.name());
    }

    @Test
    void theUsageClassifierKeepsAPlainProducersWriteAWriteInAFileThatAlsoConsumes() {
        Map<String, Set<String>> usage = Map.of("read", new TreeSet<>(), "write", new TreeSet<>());
        classify("""
                private static final Topic<String, Kpi> TOPIC = Topics.KPIS;
                void run() {
                    var consumer = new KafkaConsumer<>(config, TOPIC.keySerde().deserializer(), TOPIC.valueSerde().deserializer());
                    producer.send(new ProducerRecord<>(Topics.ISSUES.name(), key, value));
                }
                """, registryConstants(), usage);
        assertThat(usage.get("read")).containsExactly(Topics.KPIS.name());
        assertThat(usage.get("write")).containsExactly(Topics.ISSUES.name());
    }

    @Test
    void theUsageClassifierCountsTheTopicsOfAPlainConsumerAsReadsEvenThroughAVariable() {
        Map<String, Set<String>> usage = Map.of("read", new TreeSet<>(), "write", new TreeSet<>());
        classify("""
                private static final Topic<String, Kpi> TOPIC = Topics.KPIS;
                void run() {
                    try (var consumer = new KafkaConsumer<>(config, TOPIC.keySerde().deserializer(), TOPIC.valueSerde().deserializer())) {
                        consumer.assign(partitions(TOPIC.name()));
                    }
                }
                """, registryConstants(), usage);
        assertThat(usage.get("read")).containsExactly(Topics.KPIS.name());
    }

    static Map<String, Topic<?, ?>> registryConstants() {
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
        return constants;
    }

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");

    /** Registry topics named in a module's main sources (Topics.X constants, forPriority -> P1..P4). */
    static Set<String> topicsUsedByCode(String module) {
        Set<String> names = new TreeSet<>();
        Map<String, Topic<?, ?>> constants = registryConstants();
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
