package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Priority;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a managed-Kafka-shaped broker: the project's real broker (hypercare-local) with a
 * SASL_SSL listener and a CA it made itself, and the three packaged services configured only through
 * the environment variables docs/deploy.md documents ({@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_*}).
 * SCRAM-SHA-512 (Strimzi's KafkaUser) with a PKCS12 truststore and with a PEM CA file (Strimzi's
 * {@code ca.crt}); PLAIN (Confluent Cloud, Event Hubs) with no truststore setting at all, the CA being one
 * the JVM trusts; and a wrong password must stop every service at start-up with the authentication
 * error, not leave it retrying in silence. OAUTHBEARER too: tokens from a client-credentials endpoint
 * (hypercare-local's LocalTokenEndpoint), checked by the broker against the endpoint's signing keys.
 */
class SecuredPipelineIT {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** How long a service may take to give up on a wrong password (JVM start included, busy 2-core machine). */
    private static final Duration FAIL_FAST = Duration.ofSeconds(120);

    private static final String USER = "hypercare";
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

    private static BrokerProcess broker;
    private static Process tokenEndpoint;
    private static String tokenUrl;
    private static Path work;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        work = Path.of("target", "e2e-secured", UUID.randomUUID().toString()).toAbsolutePath();
        // An OAuth token endpoint with its signing keys first: the broker loads the keys when it starts.
        int tokenPort = ChildProcesses.freePort();
        tokenEndpoint = BrokerProcess.startTokenEndpoint(work.resolve("idp"), tokenPort);
        tokenUrl = "http://127.0.0.1:" + tokenPort + "/token";
        broker = BrokerProcess.startSecured(work.resolve("broker"), USER + ":" + PASSWORD,
                "--oauthbearer-jwks-url", "http://127.0.0.1:" + tokenPort + "/jwks").awaitStarted(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (tokenEndpoint != null) {
            tokenEndpoint.destroy();
        }
    }

    @Test
    void scramSha512UserWithAPkcs12TruststoreRunsThePipeline() throws Exception {
        runPipeline("scram-pkcs12", withPkcs12Truststore(sasl("SCRAM-SHA-512", PASSWORD)));
    }

    @Test
    void scramSha512UserWithAPemCaFileRunsThePipelineAsOnStrimzi() throws Exception {
        // As k8s/ mounts Strimzi's cluster CA (Secret hypercare-cluster-ca-cert, key ca.crt): a PEM file,
        // no password (Kafka refuses a PEM truststore that comes with one, even an empty one).
        Map<String, String> env = sasl("SCRAM-SHA-512", PASSWORD);
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", broker.caCertificatePem().toString());

        runPipeline("scram-pem", env);
    }

    @Test
    void plainUserTrustingTheJvmsCasRunsThePipelineAsOnConfluentCloudOrEventHubs() throws Exception {
        // Confluent Cloud and Event Hubs present certificates of public CAs, which the JVM trusts: their
        // documented client settings name no truststore, so no KAFKA_SSL_TRUSTSTORE_* is set. The local CA
        // stands in for a public one by being the JVM's default truststore (javax.net.ssl.trustStore).
        Map<String, String> env = sasl("PLAIN", PASSWORD);
        env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + broker.truststore()
                + " -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=" + broker.truststorePassword());

        runPipeline("plain-jvm-cas", env);
    }

    @Test
    void oauthBearerClientsWithTokensFromATokenEndpointRunThePipeline() throws Exception {
        // The variables docs/deploy.md gives for OAUTHBEARER; the broker checks the tokens' signatures
        // against the endpoint's published keys (hypercare-local --oauthbearer-jwks-url).
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " clientId=\"" + USER + "\" clientSecret=\"client-secret\" scope=\"kafka\";");
        env.put("KAFKA_SASL_LOGIN_CALLBACK_HANDLER_CLASS",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        env.put("KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL", tokenUrl);
        env.put("JAVA_TOOL_OPTIONS", "-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=" + tokenUrl);

        runPipeline("oauthbearer", withPkcs12Truststore(env));
    }

    @Test
    void aWrongPasswordStopsEveryServiceAtStartUpWithTheAuthenticationError() throws Exception {
        // given the SCRAM user's name with a wrong password
        Map<String, String> env = withPkcs12Truststore(sasl("SCRAM-SHA-512", "not-the-password"));
        Path dir = work.resolve("wrong-password");
        List<ServiceProcess> services = new ArrayList<>();
        try {
            Instant launched = Instant.now();
            for (String name : List.of("ingest", "triage", "metrics")) {
                services.add(ServiceProcess.startWithEnvironment(name, dir.resolve(name), env));
            }

            // then each one exits non-zero within FAIL_FAST, naming the authentication error, and is
            // never ready meanwhile (a refused login is not retried: waiting cannot fix credentials)
            for (ServiceProcess service : services) {
                String outcome = awaitAuthenticationFailure(service, launched.plus(FAIL_FAST));
                System.out.printf("[secured-pipeline] wrong password: %s %s after %d s%n", service.name(), outcome,
                        Duration.between(launched, Instant.now()).toSeconds());
                assertThat(service.logText())
                        .as("%s's log names the authentication failure", service.name())
                        .contains("SaslAuthenticationException")
                        .contains("invalid credentials with SASL mechanism SCRAM-SHA-512");
            }
        } finally {
            for (ServiceProcess service : services) {
                service.close();
            }
        }
    }

    /** "exited with N"; fails if the service does not exit in time or gets ready meanwhile. */
    private static String awaitAuthenticationFailure(ServiceProcess service, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            OptionalInt exit = service.awaitExit(Duration.ofMillis(500));
            if (exit.isPresent()) {
                assertThat(exit.getAsInt()).as("%s's exit code\n%s", service.name(), service.logTail()).isNotZero();
                return "exited with " + exit.getAsInt();
            }
            HttpResponse<String> ready = service.readiness();
            if (ready != null) {
                assertThat(ready.statusCode())
                        .as("%s became ready with a wrong password: %s", service.name(), ready.body())
                        .isNotEqualTo(200);
            }
        }
        throw new AssertionError(service.name() + " did not exit on the authentication error in time:\n"
                + service.logTail());
    }

    private void runPipeline(String label, Map<String, String> env) throws Exception {
        Path dir = work.resolve(label);
        String release = "sasl-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<ServiceProcess> services = new ArrayList<>();
        try {
            // given the three services configured only through the documented environment variables
            for (String name : List.of("ingest", "triage", "metrics")) {
                services.add(ServiceProcess.startWithEnvironment(name, dir.resolve(name), env));
            }
            for (ServiceProcess service : services) {
                service.awaitReady(READY);
            }

            // when an outage is reported over HTTP and support responds to it
            IngestClient client = new IngestClient(services.get(0).baseUrl());
            Map<String, Object> outage = IngestClient.feedback("webshop", release,
                    "Checkout is down for everyone, every payment fails with a 500 error.");
            outage.put("affectedUsers", 500);
            IngestClient.Accepted accepted = client.submit(outage);
            String id = accepted.feedbackId();
            client.recordLifecycle(id, Map.of("type", "RESPONDED", "actor", "on-call"));
            Instant respondedBy = Instant.now();

            // then a SASL_SSL client with the same credentials reads it triaged on the P1 topic ...
            Map<String, Object> reader = clientConfig(env);
            var onP1 = SecuredTopicReader.awaitKey(reader, Topics.PRIORITY_P1, id, WAIT);
            assertThat(onP1).as("outage report on %s over %s", Topics.PRIORITY_P1.name(), label).isNotNull();
            assertThat(onP1.value().priority()).isEqualTo(Priority.P1);
            assertThat(onP1.value().feedback().release()).isEqualTo(release);

            // ... and, on the KPI topic, the release's volume (its one item) and that item's first-response
            // time, which cannot exceed the time between its receipt and the lifecycle call's answer
            String volume = Kpi.key(release, "volume", "all", Kpi.WHOLE_PERIOD);
            var volumeKpi = SecuredTopicReader.awaitKey(reader, Topics.KPIS, volume, WAIT);
            assertThat(volumeKpi).as("KPI %s", volume).isNotNull();
            assertThat(volumeKpi.value().value()).as("items of the run's own release").isEqualTo(1.0);
            String firstResponse = Kpi.key(release, "first-response-ms", "item=" + id, Kpi.WHOLE_PERIOD);
            var firstResponseKpi = SecuredTopicReader.awaitKey(reader, Topics.KPIS, firstResponse, WAIT);
            assertThat(firstResponseKpi).as("KPI %s", firstResponse).isNotNull();
            assertThat(firstResponseKpi.value().unit()).isEqualTo("ms");
            assertThat(firstResponseKpi.value().value()).as("first-response ms")
                    .isBetween(0.0, (double) Duration.between(accepted.receivedAt(), respondedBy).toMillis());
        } finally {
            for (ServiceProcess service : services) {
                service.close();
            }
        }
    }

    /** The documented variables for a SASL_SSL connection as user {@link #USER}, without the truststore ones. */
    private static Map<String, String> sasl(String mechanism, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", mechanism);
        env.put("KAFKA_SASL_JAAS_CONFIG", module + " required username=\"" + USER + "\" password=\"" + password + "\";");
        return env;
    }

    /** {@code env} plus the documented variables naming the broker's CA as a PKCS12 truststore. */
    private static Map<String, String> withPkcs12Truststore(Map<String, String> env) throws java.io.IOException {
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", broker.truststore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", broker.truststorePassword());
        return env;
    }

    /** The test's own reader: the services' SASL user (SCRAM for OAUTHBEARER runs), the broker's CA as truststore. */
    private static Map<String, Object> clientConfig(Map<String, String> env) throws java.io.IOException {
        Map<String, String> user = env.get("KAFKA_SASL_MECHANISM").equals("OAUTHBEARER") ? sasl("SCRAM-SHA-512", PASSWORD) : env;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        config.put("security.protocol", env.get("KAFKA_SECURITY_PROTOCOL"));
        config.put("sasl.mechanism", user.get("KAFKA_SASL_MECHANISM"));
        config.put("sasl.jaas.config", user.get("KAFKA_SASL_JAAS_CONFIG"));
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", broker.truststore().toString());
        config.put("ssl.truststore.password", broker.truststorePassword());
        return config;
    }
}
