package dev.hypercare.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** What a service's application.properties (and pom) say about how it must be deployed. */
record ServiceConfig(String module, Properties properties, String pom) {

    static final List<String> MODULES = List.of("ingest-service", "triage-service", "metrics-service");

    /** ${NAME} or ${NAME:default}, NAME an environment-variable-like name. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:[^}]*)?}");

    static ServiceConfig of(String module) {
        Path dir = Repo.path(module);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
            return new ServiceConfig(module, properties, Files.readString(dir.resolve("pom.xml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ServiceConfig> all() {
        return MODULES.stream().map(ServiceConfig::of).toList();
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::trim);
    }

    /** A property's value as the service runs without the environment setting it: ${NAME:default} gives the default. */
    Optional<String> valueWithoutEnvironment(String key) {
        return get(key).map(value -> {
            Matcher m = ENV_REFERENCE.matcher(value);
            return m.matches() && m.group(2) != null ? m.group(2).substring(1) : value;
        });
    }

    /** ${name} or ${name:default}, name a property or an environment variable. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");

    /**
     * A property's value as the service runs with this environment: the environment form of the key wins
     * (SmallRye Config: KAFKA_STREAMS_NUM_STANDBY_REPLICAS over kafka-streams.num.standby.replicas), else each
     * ${NAME:default} in the value takes NAME from the environment or its default, and each ${property} that
     * property's value.
     */
    Optional<String> valueWith(String key, Map<String, String> environment) {
        if (environment.containsKey(envForm(key))) {
            return Optional.of(environment.get(envForm(key)));
        }
        return get(key).map(value -> {
            Matcher m = REFERENCE.matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = environment.containsKey(name) ? environment.get(name)
                        : properties.containsKey(name) ? valueWith(name, environment).orElseThrow()
                        : m.group(2) != null ? m.group(2).substring(1) : "";
                m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
            }
            return m.appendTail(resolved).toString();
        });
    }

    /** The HTTP drain on SIGTERM (quarkus.shutdown.timeout, e.g. 20S), zero when unset. */
    Duration shutdownTimeout() {
        return valueWithoutEnvironment("quarkus.shutdown.timeout")
                .map(v -> Duration.parse("PT" + v.toUpperCase(Locale.ROOT)))
                .orElse(Duration.ZERO);
    }

    int httpPort() {
        return Integer.parseInt(get("quarkus.http.port").orElse("8080"));
    }

    boolean streams() {
        return applicationId().isPresent();
    }

    Optional<String> applicationId() {
        return get("quarkus.kafka-streams.application-id");
    }

    /** Path of a SmallRye Health endpoint: "live", "ready" or "started", under /q/health by default. */
    String healthPath(String check) {
        String root = trim(get("quarkus.http.non-application-root-path").orElse("q"));
        String health = trim(get("quarkus.smallrye-health.root-path").orElse("health"));
        String leaf = switch (check) {
            case "live" -> get("quarkus.smallrye-health.liveness-path").orElse("live");
            case "ready" -> get("quarkus.smallrye-health.readiness-path").orElse("ready");
            case "started" -> get("quarkus.smallrye-health.startup-path").orElse("started");
            default -> throw new IllegalArgumentException(check);
        };
        return "/" + root + "/" + health + "/" + trim(leaf);
    }

    String metricsPath() {
        return "/" + trim(get("quarkus.http.non-application-root-path").orElse("q")) + "/metrics";
    }

    boolean hasDependency(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /**
     * Environment variables the service reads: those referenced as ${NAME} in its properties, and
     * the environment form of each property it declares (quarkus.http.port -> QUARKUS_HTTP_PORT).
     */
    Set<String> environmentRead() {
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = ENV_REFERENCE.matcher(properties.getProperty(key));
            while (m.find()) {
                names.add(m.group(1));
            }
            if (!key.startsWith("%")) {
                names.add(envForm(key));
            }
        }
        return names;
    }

    /**
     * Whether the service reads this environment variable: one of {@link #environmentRead()}, or, in a
     * service whose Kafka clients are Quarkus' {@code kafka.*} clients only, a {@code KAFKA_<KEY>} whose
     * {@code <key>} is a Kafka client setting: Quarkus maps every {@code KAFKA_*} variable into the
     * {@code kafka.*} configuration of those clients ({@code KAFKA_SASL_JAAS_CONFIG} -> {@code sasl.jaas.config}),
     * and the ingest-service relies on that for the settings that must stay unset when absent (docs/deploy.md,
     * "Client security"). Kafka Streams takes none of that mapping, so a Streams service reads a {@code KAFKA_*}
     * variable only where its application.properties names it; and a {@code KAFKA_*} name that is no client
     * setting (KAFKA_SSL_TRUSTSTORE_LOCATOIN) reaches no client at all: the setting would silently stay unset.
     */
    boolean reads(String name) {
        return environmentRead().contains(name)
                || (name.startsWith("KAFKA_") && usesQuarkusKafkaClient() && !streams() && kafkaClientSetting(name).isPresent());
    }

    /** Every setting a Kafka admin client, producer or consumer knows. */
    static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new TreeSet<>(AdminClientConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        return Set.copyOf(names);
    }

    /** The client setting Quarkus maps a {@code KAFKA_*} variable to, if it is one: KAFKA_SASL_MECHANISM -> sasl.mechanism. */
    static Optional<String> kafkaClientSetting(String variable) {
        if (!variable.startsWith("KAFKA_")) {
            return Optional.empty();
        }
        String setting = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return KAFKA_CLIENT_SETTINGS.contains(setting) ? Optional.of(setting) : Optional.empty();
    }

    boolean usesQuarkusKafkaClient() {
        return hasDependency("quarkus-kafka-client") || hasDependency("quarkus-messaging-kafka")
                || hasDependency("quarkus-kafka-streams");
    }

    /** Environment variables referenced without a default: the service cannot start without them. */
    Set<String> environmentRequired() {
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue;
            }
            Matcher m = ENV_REFERENCE.matcher(properties.getProperty(key));
            while (m.find()) {
                if (m.group(2) == null) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String trim(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    @Override
    public String toString() {
        return module;
    }
}
