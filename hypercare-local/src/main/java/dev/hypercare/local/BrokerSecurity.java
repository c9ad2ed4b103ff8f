package dev.hypercare.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The local broker's client listener security: {@code PLAINTEXT} (the default), or {@code SASL_SSL}
 * as managed Kafka services run it, so the services can be tried against TLS and SASL without one.
 *
 * <p>With {@code SASL_SSL} the broker accepts SCRAM-SHA-512 (what Strimzi's {@code KafkaUser}
 * gives) and PLAIN (what Confluent Cloud and Azure Event Hubs use) for the same users. TLS material
 * is made once per data directory by the JDK's {@code keytool}: a local CA, a broker certificate it
 * signed for {@code localhost}/{@code 127.0.0.1}, and a truststore holding the CA, so clients verify
 * the broker's hostname as they would in production. Users are fixed when the directory is first
 * formatted (SCRAM credentials are written into the metadata log then).
 *
 * <p>{@code client.properties} in the data directory holds a working client configuration for the
 * first user, for the CLI tools and as an example.
 *
 * <p>With {@code oauthJwksUrl} the listener also takes OAUTHBEARER: Kafka's JWT validator checks each
 * token's RS256 signature against the keys published at that URL (an identity provider's JWKS, or
 * {@link LocalTokenEndpoint}'s), and its expiry; the token's subject is the principal.
 */
record BrokerSecurity(Mode mode, Map<String, String> users, Path tlsDir, String storePassword, String oauthJwksUrl) {

    enum Mode { PLAINTEXT, SASL_SSL }

    /** The broker's own identity for inter-broker traffic on the secured listener. */
    static final String BROKER_USER = "hypercare-broker";

    static BrokerSecurity plaintext() {
        return new BrokerSecurity(Mode.PLAINTEXT, Map.of(), null, null, null);
    }

    /**
     * @param users "name:password,name:password"
     */
    static BrokerSecurity saslSsl(Path dataDir, String users) throws IOException {
        return saslSsl(dataDir, users, null);
    }

    /**
     * @param users        "name:password,name:password"
     * @param oauthJwksUrl also accept OAUTHBEARER tokens signed by the keys published there; null: no OAUTHBEARER
     */
    static BrokerSecurity saslSsl(Path dataDir, String users, String oauthJwksUrl) throws IOException {
        Path tlsDir = dataDir.resolve("tls");
        Files.createDirectories(tlsDir);
        Path passwordFile = tlsDir.resolve("store.password");
        if (!Files.exists(passwordFile)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String user : users.split(",")) {
            String[] parts = user.trim().split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("--users takes name:password[,name:password...], got: " + user);
            }
            parsed.put(parts[0], parts[1]);
        }
        BrokerSecurity security = new BrokerSecurity(Mode.SASL_SSL, parsed, tlsDir,
                Files.readString(passwordFile).trim(), oauthJwksUrl);
        security.ensureTlsMaterial();
        return security;
    }

    Path keystore() {
        return tlsDir.resolve("broker.p12");
    }

    Path truststore() {
        return tlsDir.resolve("truststore.p12");
    }

    /** The broker password of the inter-broker identity; derived, so it need not be stored. */
    private String brokerPassword() {
        return "broker-" + storePassword;
    }

    /** Listener and SASL entries for server.properties. */
    Map<String, String> brokerConfig(String host, int port, int controllerPort) {
        Map<String, String> config = new LinkedHashMap<>();
        if (mode == Mode.PLAINTEXT) {
            config.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
            config.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
            config.put("inter.broker.listener.name", "PLAINTEXT");
            config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            return config;
        }
        config.put("listeners", "SASL_SSL://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        config.put("advertised.listeners", "SASL_SSL://" + host + ":" + port);
        config.put("inter.broker.listener.name", "SASL_SSL");
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        config.put("sasl.enabled.mechanisms", oauthJwksUrl != null ? "SCRAM-SHA-512,PLAIN,OAUTHBEARER" : "SCRAM-SHA-512,PLAIN");
        if (oauthJwksUrl != null) {
            // Signed tokens only (Kafka's default OAUTHBEARER validator would take unsigned ones).
            config.put("listener.name.sasl_ssl.oauthbearer.sasl.jaas.config",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
            config.put("listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
            config.put("sasl.oauthbearer.jwks.endpoint.url", oauthJwksUrl);
        }
        // PLAIN between the broker and itself: its credentials live in the JAAS entry below and need
        // no metadata, so the broker can authenticate before it has read any SCRAM credential.
        config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(BROKER_USER).append("\" password=\"").append(brokerPassword()).append('"')
                .append(" user_").append(BROKER_USER).append("=\"").append(brokerPassword()).append('"');
        users.forEach((name, password) -> plain.append(" user_").append(name).append("=\"").append(password).append('"'));
        config.put("listener.name.sasl_ssl.plain.sasl.jaas.config", plain.append(';').toString());
        config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keystore().toString());
        config.put("ssl.keystore.password", storePassword);
        config.put("ssl.key.password", storePassword);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore().toString());
        config.put("ssl.truststore.password", storePassword);
        return config;
    }

    /** Extra arguments for the storage format: the users' SCRAM credentials. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        users.forEach((name, password) -> {
            args.add("--add-scram");
            args.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
        });
        return args;
    }

    /** A client configuration (SCRAM-SHA-512 over TLS) for one user. */
    Properties clientConfig(String user, String bootstrapServers) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        if (mode == Mode.PLAINTEXT) {
            return properties;
        }
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + users.get(user) + "\";");
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", truststore().toString());
        properties.put("ssl.truststore.password", storePassword);
        return properties;
    }

    /** Makes the CA, the broker's certificate and the truststore once; later starts reuse them. */
    private void ensureTlsMaterial() {
        if (Files.exists(keystore()) && Files.exists(truststore())) {
            return;
        }
        Path ca = tlsDir.resolve("ca.p12");
        String pem = tlsDir.resolve("ca.pem").toString();
        String csr = tlsDir.resolve("broker.csr").toString();
        String signed = tlsDir.resolve("broker.pem").toString();
        String p = storePassword;
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Hypercare local CA", "-ext", "bc:c",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", p);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", p, "-file", pem);
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=localhost",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
                "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", p);
        keytool("-certreq", "-alias", "broker", "-keystore", keystore().toString(), "-storepass", p, "-file", csr);
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", p, "-infile", csr,
                "-outfile", signed, "-rfc", "-validity", "825", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem, "-keystore", keystore().toString(), "-storepass", p);
        keytool("-importcert", "-alias", "broker", "-file", signed, "-keystore", keystore().toString(), "-storepass", p);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem,
                "-keystore", truststore().toString(), "-storetype", "PKCS12", "-storepass", p);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
