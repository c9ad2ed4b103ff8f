package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Statements of docs/deploy.md and of the deployment files' comments that the manifests and properties can contradict. */
class DeployDocsTest {

    private static String docs() throws IOException {
        return Files.readString(Repo.path("docs/deploy.md")).replaceAll("\\s+", " ");
    }

    @Test
    void everyDeployTestTheDeploymentFilesNameExists() throws IOException {
        // A comment that sends the reader to a check that does not exist leaves them nothing to run or read.
        List<Path> files = new ArrayList<>(List.of(Repo.path("docker-compose.yml")));
        try (Stream<Path> k8s = Files.walk(Repo.path("k8s"))) {
            k8s.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
        }
        Path tests = Repo.path("deploy-tests/src/test/java/dev/hypercare/deploy");
        Pattern named = Pattern.compile("\\b([A-Z][A-Za-z]+Test)\\b");
        for (Path f : files) {
            Matcher m = named.matcher(Files.readString(f));
            while (m.find()) {
                assertThat(tests.resolve(m.group(1) + ".java")).as(Repo.root().relativize(f) + " names " + m.group(1)).exists();
            }
        }
    }

    @Test
    void everyMemberOfADeployTestTheDocsNameExists() throws IOException {
        // docs/deploy.md sends operators to a check (runsTheImageTheBuildProducesAtTheProjectVersion) or a constant
        // to change with a manifest (MONITORING_NAMESPACE): a rename must take the docs along.
        Path tests = Repo.path("deploy-tests/src/test/java/dev/hypercare/deploy");
        Matcher m = Pattern.compile("\\b([A-Z][A-Za-z]+Test)\\.([A-Za-z_]+)\\b").matcher(docs());
        while (m.find()) {
            Path source = tests.resolve(m.group(1) + ".java");
            if (Files.exists(source)) {
                assertThat(Files.readString(source)).as("docs/deploy.md names " + m.group())
                        .containsPattern("\\b" + m.group(2) + "\\b\\s*[(=]");
            }
        }
    }

    @Test
    void theCommitIntervalsTheDocsStateAreThoseOfApplicationProperties() throws IOException {
        // Each "commit(s) every ..." must give each Kafka Streams service's own value, as "25 ms in triage".
        Matcher m = Pattern.compile("commits? every ([^.;(]*)").matcher(docs());
        int found = 0;
        while (m.find()) {
            found++;
            Set<String> stated = new TreeSet<>();
            Matcher each = Pattern.compile("(\\d+) ms in (\\w+)").matcher(m.group(1));
            while (each.find()) {
                stated.add(each.group(2) + "-service=" + each.group(1));
            }
            Set<String> actual = new TreeSet<>();
            for (String module : ServiceDeploymentsTest.streamsModules()) {
                actual.add(module + "=" + ServiceConfig.of(module).valueWithoutEnvironment("kafka-streams.commit.interval.ms").orElse("30000"));
            }
            assertThat(stated).as("docs/deploy.md: \"" + m.group() + "\"").isEqualTo(actual);
        }
        assertThat(found).as("docs/deploy.md states the commit intervals").isPositive();
    }

    @Test
    void theTransactionalIdOperationsTheDocsStateAreThoseTheKafkaUsersGrant() throws IOException {
        Matcher m = Pattern.compile("((?:`\\w+`(?:, | and |/))*`\\w+`) on the transactional id prefix").matcher(docs());
        assertThat(m.find()).as("docs/deploy.md names the operations on the transactional id prefix").isTrue();
        Set<String> stated = new TreeSet<>();
        Matcher op = Pattern.compile("`(\\w+)`").matcher(m.group(1));
        while (op.find()) {
            stated.add(op.group(1).toLowerCase(Locale.ROOT));
        }
        for (String user : List.of("hypercare-triage", "hypercare-metrics")) {
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : Manifests.one("prod", "KafkaUser", user).at("/spec/authorization/acls")) {
                if (acl.at("/resource/type").asText().equals("transactionalId")) {
                    acl.path("operations").forEach(o -> granted.add(o.asText().toLowerCase(Locale.ROOT)));
                }
            }
            assertThat(stated).as("docs/deploy.md: \"" + m.group() + "\" vs " + user).isEqualTo(granted);
        }
    }
}
