package dev.hypercare.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real single-node Kafka broker (KRaft) as its own JVM, from {@code hypercare-local.jar}, exactly
 * as {@code ./hypercare run} starts it, so that a test can SIGKILL it and start it again on the same
 * data directory and ports (every topic and acknowledged record survives, as on a real restart).
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String STARTED = "Kafka Server started";

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    /** Extra arguments of hypercare-local.jar, e.g. {@code --security sasl_ssl --users ...}. */
    private final List<String> extraArguments;
    private Process process;
    /** Log length when the current process was launched: its start line must come after it. */
    private long logOffsetAtLaunch;

    private BrokerProcess(Path dataDir, Path log, int port, int controllerPort) {
        this(dataDir, log, port, controllerPort, List.of());
    }

    private BrokerProcess(Path dataDir, Path log, int port, int controllerPort, List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Launches a broker on free ports with its data under {@code workDir}; call {@link #awaitStarted}. */
    public static BrokerProcess start(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        BrokerProcess broker = new BrokerProcess(workDir.resolve("data").toAbsolutePath(),
                workDir.resolve("broker.log").toAbsolutePath(), ChildProcesses.freePort(), ChildProcesses.freePort());
        broker.launch();
        return broker;
    }

    /**
     * Launches a broker whose client listener is {@code SASL_SSL} (SCRAM-SHA-512 and PLAIN), with a
     * CA, broker certificate and truststore that hypercare-local makes with keytool under
     * {@code <data>/tls}; see {@link #truststore()}, {@link #caCertificatePem()}.
     *
     * @param users "name:password[,name:password...]", fixed when the data directory is first formatted
     */
    public static BrokerProcess startSecured(Path workDir, String users, String... moreArguments) throws IOException {
        Files.createDirectories(workDir);
        List<String> arguments = new java.util.ArrayList<>(List.of("--security", "sasl_ssl", "--users", users));
        arguments.addAll(List.of(moreArguments));
        BrokerProcess broker = new BrokerProcess(workDir.resolve("data").toAbsolutePath(),
                workDir.resolve("broker.log").toAbsolutePath(), ChildProcesses.freePort(), ChildProcesses.freePort(), arguments);
        broker.launch();
        return broker;
    }

    /**
     * hypercare-local's {@code LocalTokenEndpoint} as its own process on a free port: an OAuth token
     * endpoint ({@code /token}) and its signing keys ({@code /jwks}) for OAUTHBEARER without an identity
     * provider. Start it before a broker given {@code --oauthbearer-jwks-url}: the broker loads the keys at start.
     */
    public static Process startTokenEndpoint(Path workDir, int port) throws Exception {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("token-endpoint.log").toAbsolutePath();
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", snapshot().resolve("hypercare-local.jar").toString(), "dev.hypercare.local.LocalTokenEndpoint",
                "--port", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChildProcesses.reapOnExit(process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!(Files.exists(log) && Files.readString(log).contains("Token endpoint"))) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("token endpoint did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
        return process;
    }

    /** PKCS12 truststore holding the broker's CA (secured brokers only). */
    public Path truststore() {
        return dataDir.resolve("tls/truststore.p12");
    }

    /** The broker's CA certificate as PEM, as Strimzi's {@code ca.crt} (secured brokers only). */
    public Path caCertificatePem() {
        return dataDir.resolve("tls/ca.pem");
    }

    /** Password of {@link #truststore()}. */
    public String truststorePassword() throws IOException {
        return Files.readString(dataDir.resolve("tls/store.password"), StandardCharsets.UTF_8).trim();
    }

    private void launch() throws IOException {
        Path jar = snapshot().resolve("hypercare-local.jar");
        logOffsetAtLaunch = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", ChildProcesses.TEST_JIT,
                "-jar", jar.toString(),
                "--data-dir", dataDir.toString(),
                "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort)));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChildProcesses.reapOnExit(process);
    }

    private static Path snapshotDir;

    /** hypercare-local.jar and its lib/, copied once per test JVM, for the reason given at ServiceProcess#snapshot. */
    private static synchronized Path snapshot() throws IOException {
        if (snapshotDir != null) {
            return snapshotDir;
        }
        Path target = ServiceProcess.root().resolve("hypercare-local/target");
        if (!Files.exists(target.resolve("hypercare-local.jar"))) {
            throw new IllegalStateException(target + "/hypercare-local.jar is missing: package hypercare-local first (./mvnw verify builds it)");
        }
        Path copy = Path.of("target", "apps", Long.toString(ProcessHandle.current().pid()), "local").toAbsolutePath();
        Files.createDirectories(copy.resolve("lib"));
        Files.copy(target.resolve("hypercare-local.jar"), copy.resolve("hypercare-local.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var libs = Files.list(target.resolve("lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, copy.resolve("lib").resolve(lib.getFileName().toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        snapshotDir = copy;
        return copy;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Blocks until this launch logged "Kafka Server started", failing with the log's tail if it died. */
    public BrokerProcess awaitStarted(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (logSinceLaunch().contains(STARTED)) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broker not started after " + timeout + ":\n" + logTail());
    }

    /** SIGKILL: no controlled shutdown, no flush; the OS keeps what the broker had written. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the broker again on the same data directory and ports. */
    public BrokerProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("broker is still running");
        }
        launch();
        return this;
    }

    public Path log() {
        return log;
    }

    private String logSinceLaunch() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(all.length, logOffsetAtLaunch);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    public String logTail() {
        return ChildProcesses.logTail(log);
    }

    /** SIGTERM, which the broker handles as a controlled shutdown; SIGKILL if that takes too long. */
    @Override
    public void close() throws InterruptedException {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
}
