package dev.hypercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker with {@code --security sasl_ssl}, as its own process: clients with the right
 * credentials work over TLS with SCRAM-SHA-512 and PLAIN, and a wrong password fails at once with
 * an authentication error rather than retrying forever.
 */
class SecuredBrokerTest {

    @TempDir
    static Path dataDir;

    private static Process broker;
    private static LocalTokenEndpoint idp;
    private static String bootstrap;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        // The broker loads the token endpoint's keys when it starts: the endpoint comes first.
        idp = LocalTokenEndpoint.start("127.0.0.1", 0);
        int port;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
        bootstrap = "localhost:" + port;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LocalBroker.class.getName(),
                "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                "--security", "sasl_ssl", "--users", "triage:triage-secret,ingest:ingest-secret",
                "--oauthbearer-jwks-url", idp.jwksUrl()));
        Path log = dataDir.resolve("broker.log");
        broker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // 180 s: on a busy 2-core machine a first start (keytool, format, JVM) took over 90 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.exists(log) && Files.readString(log).contains("Kafka Server started"))) {
            assertThat(broker.isAlive()).as("broker running; log:%n%s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("broker started within 180 s; log:%n%s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (idp != null) {
            idp.close();
        }
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aScramUserOverTlsCreatesAndListsTopicsWithTheWrittenClientProperties() throws Exception {
        Properties client = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("client.properties"))) {
            client.load(reader);
        }
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic("secured-check", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("secured-check");
        }
    }

    @Test
    void aPlainUserOverTlsIsAcceptedLikeOnManagedKafka() throws Exception {
        try (Admin admin = Admin.create(saslClient("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
                "ingest", "ingest-secret"))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void aWrongPasswordFailsFastWithAnAuthenticationError() {
        try (Admin admin = Admin.create(saslClient("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
                "triage", "not-the-password"))) {
            // 30 s is the test's bound, not the expectation: authentication errors are not retried.
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void anOauthBearerClientGetsASignedTokenFromTheTokenEndpointAndIsAccepted() throws Exception {
        // given the token endpoint, allowed as Kafka 4 requires, and the settings docs/deploy.md documents
        try {
            System.setProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls", idp.tokenUrl());
            Properties client = saslClient("OAUTHBEARER", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
                    "unused", "unused");
            client.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                    + " clientId=\"hypercare-triage\" clientSecret=\"client-secret\" scope=\"kafka\";");
            client.put("sasl.login.callback.handler.class",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
            client.put("sasl.oauthbearer.token.endpoint.url", idp.tokenUrl());
            int issuedBefore = idp.tokensIssued();

            // when the client connects
            try (Admin admin = Admin.create(client)) {
                // then the broker accepts the token it fetched
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(idp.tokensIssued()).isGreaterThan(issuedBefore);
        } finally {
            System.clearProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls");
        }
    }

    private static Properties saslClient(String mechanism, String loginModule, String user, String password) {
        Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", mechanism);
        client.put("sasl.jaas.config", loginModule + " required username=\"" + user + "\" password=\"" + password + "\";");
        client.put("ssl.truststore.type", "PKCS12");
        client.put("ssl.truststore.location", dataDir.resolve("tls/truststore.p12").toString());
        try {
            client.put("ssl.truststore.password", Files.readString(dataDir.resolve("tls/store.password")).trim());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return client;
    }
}
