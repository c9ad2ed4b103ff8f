package dev.hypercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void writesASingleNodeKraftConfigurationOnTheRequestedPorts() throws Exception {
        Path file = LocalBroker.writeServerProperties(dataDir, "127.0.0.1", 19092, 19093);

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.dirs", dataDir.resolve("log").toString());
    }

    @Test
    void keepsTheClusterIdAcrossRestartsSoTheFormattedLogIsReused() throws Exception {
        String first = LocalBroker.clusterId(dataDir);

        assertThat(LocalBroker.clusterId(dataDir)).isEqualTo(first);
        assertThat(first).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void formatsTheLogDirectoryOnceAndAcceptsAnAlreadyFormattedOne() throws Exception {
        Path file = LocalBroker.writeServerProperties(dataDir, "127.0.0.1", 19092, 19093);
        String clusterId = LocalBroker.clusterId(dataDir);

        LocalBroker.format(file, clusterId);
        LocalBroker.format(file, clusterId);

        assertThat(dataDir.resolve("log").resolve("meta.properties")).exists();
    }

    @Test
    void rejectsUnknownOptionsByNameAndListsTheKnownOnes() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--prot", "1"}, Map.of("port", "9092")))
                .isInstanceOfSatisfying(Args.Usage.class, usage -> assertThat(usage.help()).isFalse())
                .hasMessageContaining("--prot")
                .hasMessageContaining("--port 9092");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--port", "1", "--help"}, Map.of("port", "9092", "users", "")))
                .isInstanceOfSatisfying(Args.Usage.class, usage -> assertThat(usage.help()).isTrue())
                .hasMessage("options (default):\n  --port 9092\n  --users (none)");
    }
}
