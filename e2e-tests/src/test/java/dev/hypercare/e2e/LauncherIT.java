package dev.hypercare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./hypercare} does when things go wrong around it: a start that fails or is interrupted stops what it
 * had started, and a stale pid file never makes it stop someone else's process.
 */
class LauncherIT {

    @Test
    void aStartThatFailsHalfWayStopsTheBrokerItHadStarted() throws Exception {
        // given a readiness timeout no broker meets
        Launcher hypercare = new Launcher("launcher-failed-start").fresh();
        hypercare.env.put("READY_TIMEOUT_S", "1");

        // when
        Launcher.Result start = hypercare.run(Duration.ofMinutes(2), "start");

        // then it failed, said why, and left nothing running: the next start does not find "already running"
        assertThat(start.exitCode()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains("Kafka not ready after 1s", "stopping what was started", "stopped kafka");
        assertNothingRuns(hypercare);
    }

    @Test
    void anInterruptDuringStartUpStopsEverythingStartedSoFar() throws Exception {
        // given `./hypercare run` starting up
        Launcher hypercare = new Launcher("launcher-interrupted").fresh();
        Path log = hypercare.home.resolveSibling("launcher-interrupted.log");
        Process run = hypercare.process("run").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path kafkaPid = hypercare.home.resolve("pids/kafka.pid");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!(Files.exists(kafkaPid) && Files.size(kafkaPid) > 0)) {
            assertThat(System.nanoTime() < deadline && run.isAlive()).as("the broker was started").isTrue();
            Thread.sleep(50);
        }
        long kafka = Long.parseLong(Files.readString(kafkaPid).strip());

        // when the terminal is closed or the user presses Ctrl-C (the services run in sessions of their own: only the
        // script's trap can stop them)
        run.destroy();

        // then
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("interrupted during start-up", "stopped kafka (pid " + kafka + ")");
        assertThat(ProcessHandle.of(kafka).filter(ProcessHandle::isAlive)).as("the broker, pid %s", kafka).isEmpty();
        assertNothingRuns(hypercare);
    }

    @Test
    void aStalePidFileNamingAnotherProcessIsNeitherStoppedNorReportedAsRunning() throws Exception {
        // given a pid file left by a crash whose pid now belongs to someone's `tail -F .../hypercare/...` (the old check
        // took any command line that mentioned hypercare)
        Launcher hypercare = new Launcher("launcher-stale-pid").fresh();
        Files.createDirectories(hypercare.home.resolve("pids"));
        Process other = new ProcessBuilder("bash", "-c", "sleep 300; : tail -F .hypercare/logs/kafka.log").start();
        try {
            Files.writeString(hypercare.home.resolve("pids/kafka.pid"), Long.toString(other.pid()));

            // when
            Launcher.Result status = hypercare.run(Duration.ofSeconds(30), "status");
            Launcher.Result stop = hypercare.run(Duration.ofSeconds(60), "stop");

            // then
            assertThat(status.output()).contains("kafka    stopped");
            assertThat(stop.output()).contains("nothing was running");
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessStartedByAnOlderLauncherWithoutTheHomeMarkerIsStillStoppedAfterAnUpgrade() throws Exception {
        // given a "broker" started before the home marker existed: its name marker and this checkout's jar
        Launcher hypercare = new Launcher("launcher-upgrade").fresh();
        Files.createDirectories(hypercare.home.resolve("pids"));
        Process old = new ProcessBuilder("bash", "-c",
                "sleep 300; : java -Dhypercare.process=kafka -jar " + Launcher.ROOT + "/hypercare-local/target/hypercare-local.jar").start();
        try {
            Files.writeString(hypercare.home.resolve("pids/kafka.pid"), Long.toString(old.pid()));

            // when
            Launcher.Result stop = hypercare.run(Duration.ofSeconds(60), "stop");

            // then it is stopped, not forgotten with its pid file while it holds the ports
            assertThat(stop.output()).contains("stopped kafka (pid " + old.pid() + ")");
            assertThat(old.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            old.destroyForcibly().waitFor();
        }
    }

    @Test
    void publishingADocumentNoServiceReadsIsRefusedWithTheUsage() throws Exception {
        Launcher hypercare = new Launcher("launcher-publish").fresh();

        Launcher.Result typo = hypercare.run(Duration.ofSeconds(30), "publish", "triage-rules", "rules.json");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.output()).contains("usage: ./hypercare publish triage-policy|sla-policy FILE.json|--reset");
    }

    private static void assertNothingRuns(Launcher hypercare) throws Exception {
        Launcher.Result status = hypercare.run(Duration.ofSeconds(30), "status");
        assertThat(status.output().lines().toList()).as(status.output())
                .hasSize(4).allSatisfy(line -> assertThat(line).endsWith("stopped"));
        for (String port : List.of("KAFKA_PORT", "INGEST_PORT", "TRIAGE_PORT", "METRICS_PORT")) {
            assertThat(Launcher.portOpen(hypercare.port(port))).as("%s closed", port).isFalse();
        }
    }
}
