package dev.hypercare.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
     * Whether the service reads this environment variable: one of {@link #environmentRead()}, or any
     * {@code KAFKA_<KEY>} in a service with Quarkus' Kafka client, which maps every {@code KAFKA_*}
     * variable into the {@code kafka.*} configuration of its clients ({@code KAFKA_SASL_JAAS_CONFIG} ->
     * {@code sasl.jaas.config}). The services rely on that mapping for the settings that must stay
     * unset when absent (docs/deploy.md, "Client security").
     */
    boolean reads(String name) {
        return environmentRead().contains(name) || (name.startsWith("KAFKA_") && usesQuarkusKafkaClient());
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
