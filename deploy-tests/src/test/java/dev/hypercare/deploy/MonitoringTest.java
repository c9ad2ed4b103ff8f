package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The optional Prometheus + Grafana profile of the compose trial. */
class MonitoringTest {

    @Test
    void prometheusScrapesEveryServiceByItsComposeNameOnItsPortAtItsMetricsPath() {
        ObjectNode prometheus = Yaml.document(Repo.path("deploy/prometheus/prometheus.yml"));
        Map<String, JsonNode> jobs = new TreeMap<>();
        prometheus.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));
        assertThat(jobs.keySet()).containsExactlyInAnyOrderElementsOf(ServiceConfig.MODULES);
        for (ServiceConfig config : ServiceConfig.all()) {
            JsonNode job = jobs.get(config.module());
            assertThat(config.hasDependency("quarkus-micrometer-registry-prometheus"))
                    .as(config.module() + " serves Prometheus metrics").isTrue();
            assertThat(job.path("metrics_path").asText()).isEqualTo(config.metricsPath());
            assertThat(job.at("/static_configs/0/targets").toString())
                    .isEqualTo("[\"" + config.module() + ":" + config.httpPort() + "\"]");
        }
    }

    @Test
    void theDashboardIsValidJsonAndQueriesTheProvisionedDatasource() throws IOException {
        ObjectNode datasources = Yaml.document(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml"));
        String uid = datasources.at("/datasources/0/uid").asText();
        assertThat(datasources.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode dashboard = Yaml.JSON.readTree(Repo.path("deploy/grafana/dashboards/hypercare.json").toFile());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).isNotEmpty().allSatisfy(t ->
                    assertThat(t.path("expr").asText()).isNotBlank());
        });
        ObjectNode provider = Yaml.document(Repo.path("deploy/grafana/provisioning/dashboards/hypercare.yml"));
        String path = provider.at("/providers/0/options/path").asText();
        assertThat(Yaml.document(Repo.path("docker-compose.yml")).at("/services/grafana/volumes").toString())
                .contains("./deploy/grafana/dashboards:" + path);
    }
}
