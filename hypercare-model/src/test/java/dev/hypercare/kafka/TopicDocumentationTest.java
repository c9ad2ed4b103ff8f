package dev.hypercare.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's topic table is what ops teams read: it must name every topic of the registry. */
class TopicDocumentationTest {

    @Test
    void readmeNamesEveryRegistryTopic() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (Topic<?, ?> topic : Topics.ALL) {
            String documented = topic.name().startsWith("hypercare.feedback.priority.")
                    ? "hypercare.feedback.priority.p1"
                    : topic.name();
            assertThat(readme).as("README mentions %s", topic.name()).contains("`" + documented);
        }
    }
}
