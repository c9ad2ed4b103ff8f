package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's definitions (between its ">>>" and "<<<" lines: the failure handling, the clean-up and the
 * rebuild check) run by bash in a scratch run directory, with a scenario after them and the real report
 * ({@link Bench} {@code report} on this test's classpath instead of bench.jar). A whole run needs a broker
 * and minutes; these are the parts that decide whether a failed run says so.
 */
class RunScriptTest {

    @TempDir
    Path dir;

    private record Outcome(int exit, String results, String report, String stderr) {
    }

    private Outcome run(String scenario) throws Exception {
        String script = Files.readString(Path.of("run"), StandardCharsets.UTF_8);
        int from = script.indexOf("\n# >>> ");
        int to = script.indexOf("\n# <<< ");
        assertThat(from).as("bench/run's '# >>>' line").isPositive();
        assertThat(to).as("bench/run's '# <<<' line").isGreaterThan(from);
        Path work = Files.createDirectories(dir.resolve("run"));
        String harness = String.join("\n",
                "set -euo pipefail",
                "{",
                "ROOT='" + dir + "'; WORK='" + work + "'; RESULTS=\"$WORK/results.properties\"; LOGS=\"$WORK/logs\"",
                "KEEP_DATA=1; LOCAL_JAR=\"$ROOT/hypercare-local/target/hypercare-local.jar\"; BENCH_JAR=\"$ROOT/bench/target/bench.jar\"",
                "JAVA='" + Path.of(System.getProperty("java.home"), "bin", "java") + "'",
                "mkdir -p \"$LOGS\"",
                script.substring(from, to),
                // The report as bench.jar prints it, from the classes under test.
                "bench() { \"$JAVA\" -cp \"$BENCH_TEST_CLASSPATH\" dev.hypercare.bench.Bench \"$@\"; }",
                ": > \"$RESULTS\"; STARTED=1",
                scenario,
                "}",
                "");
        Path file = dir.resolve("harness.sh");
        Files.writeString(file, harness, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("BENCH_TEST_CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("harness finished").isTrue();
        return new Outcome(process.exitValue(), read(work.resolve("results.properties")), read(work.resolve("report.txt")),
                read(dir.resolve("stderr")));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    void givenAToolFailingWithoutDieWhenTheRunStopsThenTheReportIsIncompleteAndNamesTheCommand() throws Exception {
        // bench producer-perf on a missing file exits 1, as on a ProducerPerformance log it cannot parse; set -e alone
        // stopped the run there and printed a report that looked complete.
        Outcome outcome = run(String.join("\n",
                "phase_start raw",
                "result raw.producer.rps 1000",
                "bench producer-perf --file \"$LOGS/producer-perf.log\" >> \"$RESULTS\"",
                "result raw.consumer.rps 2000"));
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.results()).contains("run.failed='bench producer-perf --file", "failed (exit 1) at line ",
                "load.raw.end=").doesNotContain("raw.consumer.rps");
        assertThat(outcome.report()).contains("INCOMPLETE: the run stopped early ('bench producer-perf", "SUMMARY (INCOMPLETE) ");
    }

    @Test
    void givenAServiceThatDiedWhenItsCpuIsReadInAFunctionThenTheRunFailsOnceWithThatCommand() throws Exception {
        // cpu_ticks reads /proc/<pid>/stat: gone with the process. The failure is inside $(...) and a function;
        // it must stop the run once, from the script's own shell, not from the subshell.
        Outcome outcome = run(String.join("\n",
                "measure() { local ticks; ticks=\"$(cpu_ticks 999999999)\"; echo \"$ticks\"; }",
                "measure",
                "result after.measure 1"));
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.results()).contains("run.failed='measure: ticks=\"$(cpu_ticks 999999999)\"' failed (exit 2) at line ")
                .doesNotContain("after.measure");
        assertThat(outcome.results().lines().filter(l -> l.startsWith("run.failed=")).count()).isEqualTo(1);
        assertThat(outcome.report()).contains("INCOMPLETE");
    }

    @Test
    void givenCtrlCWhenTheRunStopsThenTheReportSaysInterrupted() throws Exception {
        Outcome outcome = run(String.join("\n",
                "result raw.producer.rps 1000",
                "kill -INT $$",
                "result after.interrupt 1"));
        assertThat(outcome.exit()).isEqualTo(130);
        assertThat(outcome.results()).contains("run.failed=interrupted").doesNotContain("after.interrupt");
        assertThat(outcome.report()).contains("INCOMPLETE: the run stopped early (interrupted)");
    }

    @Test
    void givenAForegroundJvmThatHandlesCtrlCItselfWhenItExits130ThenTheReportSaysInterruptedNotFailed() throws Exception {
        // A JVM in the foreground gets the terminal's SIGINT, runs its shutdown hooks and exits 130: bash then runs the
        // ERR trap (not the INT one, the shell itself got no signal it did not ignore while waiting)
        Outcome outcome = run(String.join("\n",
                "result raw.producer.rps 1000",
                "bash -c 'exit 130'",
                "result after.interrupt 1"));
        assertThat(outcome.exit()).isEqualTo(130);
        assertThat(outcome.results()).contains("run.failed=interrupted").doesNotContain("after.interrupt", "failed (exit 130)");
    }

    @Test
    void givenCommandsThatMayFailInConditionsWhenTheRunEndsThenItIsNotMarkedIncomplete() throws Exception {
        // The script's own tests and tolerated failures: none of them is a failure of the run.
        Outcome outcome = run(String.join("\n",
                "if port_open 1; then :; fi",
                "note_rss nothing ingest; stop_process nothing",
                "x=\"$(cat /nonexistent 2> /dev/null | awk '{print}')\" || true",
                "[[ -n \"$x\" ]] && echo never",
                "probe() { false; }; if probe; then :; fi; probe || true",
                "result raw.producer.rps 1000",
                "exit 0"));
        assertThat(outcome.exit()).isZero();
        assertThat(outcome.results()).doesNotContain("run.failed");
        assertThat(outcome.report()).contains("raw producer").doesNotContain("INCOMPLETE");
    }

    @Test
    void givenAClassifierOrModelSourceNewerThanTheJarsWhenCheckingThenTheyAreRebuilt() throws Exception {
        // The triage-service jar holds triage-classifier and hypercare-model: a change there is not in a jar built before.
        Instant built = Instant.now().minusSeconds(3600);
        for (String jar : new String[] {"hypercare-local/target/hypercare-local.jar", "bench/target/bench.jar",
                "ingest-service/target/quarkus-app/quarkus-run.jar", "triage-service/target/quarkus-app/quarkus-run.jar",
                "metrics-service/target/quarkus-app/quarkus-run.jar"}) {
            touch(dir.resolve(jar), built);
        }
        for (String source : new String[] {"pom.xml", "triage-service/src/main/java/A.java", "hypercare-model/src/main/java/B.java",
                "triage-classifier/src/main/java/C.java"}) {
            touch(dir.resolve(source), built.minusSeconds(60));
        }
        String check = "if jars_stale; then echo STALE; else echo FRESH; fi; STARTED=0";
        assertThat(run(check).exit()).isZero();
        assertThat(Files.readString(dir.resolve("stdout"))).contains("FRESH");

        touch(dir.resolve("triage-classifier/src/main/java/C.java"), Instant.now());
        run(check);
        assertThat(Files.readString(dir.resolve("stdout"))).contains("STALE");

        touch(dir.resolve("triage-classifier/src/main/java/C.java"), built.minusSeconds(60));
        touch(dir.resolve("hypercare-model/src/main/java/B.java"), Instant.now());
        run(check);
        assertThat(Files.readString(dir.resolve("stdout"))).contains("STALE");
    }

    private static void touch(Path file, Instant time) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Files.setLastModifiedTime(file, FileTime.from(time));
    }
}
