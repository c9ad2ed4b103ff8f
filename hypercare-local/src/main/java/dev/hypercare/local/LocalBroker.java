package dev.hypercare.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * Runs a real single-node Apache Kafka broker (KRaft, combined broker and controller) in this
 * process, from the Maven Central jars on the classpath: the local default of Hypercare, with no
 * Docker and no installed Kafka.
 *
 * <p>All state lives under the data directory: the generated {@code server.properties}, the
 * cluster id (made once, kept so restarts reuse the formatted log) and the log itself. Restarting
 * with the same directory keeps every topic and record, which is what a broker-restart test needs.
 *
 * <p>{@code --security sasl_ssl --users name:password,...} serves clients over TLS with SASL
 * (SCRAM-SHA-512 and PLAIN) instead of plaintext: see {@link BrokerSecurity}. With it,
 * {@code --oauthbearer-jwks-url URL} also accepts OAUTHBEARER tokens signed by the keys published at URL
 * (an identity provider's JWKS, or {@link LocalTokenEndpoint}'s).
 *
 * <pre>java -jar hypercare-local.jar [--data-dir DIR] [--port 9092] [--controller-port 9093] [--host 127.0.0.1]
 *                                [--security plaintext|sasl_ssl] [--users hypercare:hypercare-secret]
 *                                [--oauthbearer-jwks-url http://127.0.0.1:18380/jwks]</pre>
 */
public final class LocalBroker {

    private LocalBroker() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Args.parseOrExit(args, Map.of(
                "data-dir", ".hypercare/kafka",
                "host", "127.0.0.1",
                "port", "9092",
                "controller-port", "9093",
                "security", "plaintext",
                "users", "hypercare:hypercare-secret",
                "oauthbearer-jwks-url", ""));
        Path dataDir = Path.of(options.get("data-dir")).toAbsolutePath();
        Files.createDirectories(dataDir);
        BrokerSecurity security = switch (options.get("security").toLowerCase(Locale.ROOT)) {
            case "plaintext" -> BrokerSecurity.plaintext();
            case "sasl_ssl" -> BrokerSecurity.saslSsl(dataDir, options.get("users"),
                    options.get("oauthbearer-jwks-url").isBlank() ? null : options.get("oauthbearer-jwks-url"));
            default -> throw new IllegalArgumentException("--security is plaintext or sasl_ssl, got " + options.get("security"));
        };
        String host = options.get("host");
        int port = Integer.parseInt(options.get("port"));
        if (security.oauthJwksUrl() != null) {
            // Kafka 4 fetches keys only from URLs this system property allows (default: none).
            allowOAuthUrl(security.oauthJwksUrl());
        }
        Path propertiesFile = writeServerProperties(dataDir, host, port, Integer.parseInt(options.get("controller-port")), security);
        writeClientProperties(dataDir, security, host + ":" + port);
        format(propertiesFile, clusterId(dataDir), security.formatArguments());
        // Kafka's own entry point: it starts the broker and blocks until shutdown (SIGTERM is a clean stop).
        kafka.Kafka.main(new String[] {propertiesFile.toString()});
    }

    /** Adds a URL to Kafka's {@code org.apache.kafka.sasl.oauthbearer.allowed.urls} system property. */
    static void allowOAuthUrl(String url) {
        String property = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
        String allowed = System.getProperty(property, "");
        System.setProperty(property, allowed.isBlank() ? url : allowed + "," + url);
    }

    /** Writes the broker's configuration; rewritten on every start so port changes take effect. */
    static Path writeServerProperties(Path dataDir, String host, int port, int controllerPort) throws IOException {
        return writeServerProperties(dataDir, host, port, controllerPort, BrokerSecurity.plaintext());
    }

    static Path writeServerProperties(Path dataDir, String host, int port, int controllerPort, BrokerSecurity security)
            throws IOException {
        Files.createDirectories(dataDir);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        config.put("controller.listener.names", "CONTROLLER");
        // The controller listener stays plaintext on loopback: only this process talks to it.
        config.putAll(security.brokerConfig(host, port, controllerPort));
        config.put("log.dirs", dataDir.resolve("log").toString());
        // One node: every replication factor and ISR is 1.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        // Consumer groups (Kafka Streams included) start at once instead of waiting 3 s for members.
        config.put("group.initial.rebalance.delay.ms", "0");
        // Topics come from the registry only; a typo in a topic name must fail, not create a topic.
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", "1");
        Path file = dataDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "Generated by dev.hypercare.local.LocalBroker; edits are overwritten at start");
        }
        return file;
    }

    /** The cluster id: 16 random bytes, base64url without padding (Kafka's Uuid), made once per data dir. */
    static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    /** A working client configuration for the first user, beside server.properties. */
    static Path writeClientProperties(Path dataDir, BrokerSecurity security, String bootstrapServers) throws IOException {
        Path file = dataDir.resolve("client.properties");
        String user = security.users().keySet().stream().findFirst().orElse(null);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            security.clientConfig(user, bootstrapServers).store(writer, "Client configuration for the local broker");
        }
        return file;
    }

    static void format(Path propertiesFile, String clusterId) {
        format(propertiesFile, clusterId, List.of());
    }

    /** Formats the log directory once; a formatted directory is left alone (and keeps its users). */
    static void format(Path propertiesFile, String clusterId, List<String> extraArguments) {
        PrintStream out = System.out;
        List<String> args = new ArrayList<>(List.of(
                "format", "-t", clusterId, "-c", propertiesFile.toString(), "--ignore-formatted"));
        args.addAll(extraArguments);
        int status = kafka.tools.StorageTool.execute(args.toArray(String[]::new), out);
        if (status != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory failed with status " + status);
        }
    }
}
