package dev.hypercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which environment variables count as read by a service: what lets a misspelt or unseen KAFKA_* variable fail the checks. */
class ServiceConfigTest {

    @Test
    void aKafkaVariableThatIsNoClientSettingIsReadByNoService() {
        for (ServiceConfig config : ServiceConfig.all()) {
            // Quarkus would map it to kafka.ssl.truststore.locatoin, which no client knows: the truststore stays unset.
            assertThat(config.reads("KAFKA_SSL_TRUSTSTORE_LOCATOIN")).as(config.module()).isFalse();
        }
    }

    @Test
    void theIngestServiceReadsAnyKafkaClientSettingThroughQuarkusMapping() {
        ServiceConfig ingest = ServiceConfig.of("ingest-service");
        assertThat(ingest.streams()).isFalse();
        assertThat(ingest.reads("KAFKA_SSL_TRUSTSTORE_PASSWORD")).isTrue();
        assertThat(ingest.reads("KAFKA_MAX_POLL_RECORDS")).isTrue();
        assertThat(ServiceConfig.kafkaClientSetting("KAFKA_SASL_JAAS_CONFIG")).contains("sasl.jaas.config");
    }

    @Test
    void aStreamsServiceReadsOnlyTheKafkaVariablesItsApplicationPropertiesName() {
        for (String module : ServiceDeploymentsTest.streamsModules()) {
            ServiceConfig config = ServiceConfig.of(module);
            // Named in its application.properties (quarkus.kafka-streams.ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_LOCATION:}).
            assertThat(config.reads("KAFKA_SSL_TRUSTSTORE_LOCATION")).as(module).isTrue();
            assertThat(config.reads("KAFKA_STREAMS_STATE_DIR")).as(module).isTrue();
            // A client setting, but Kafka Streams takes no KAFKA_* mapping: it would never reach the stream threads.
            assertThat(config.reads("KAFKA_MAX_POLL_RECORDS")).as(module).isFalse();
        }
    }

    @Test
    void aPropertyResolvesFromTheEnvironmentItsDefaultOrItsEnvironmentForm() {
        ServiceConfig triage = ServiceConfig.of("triage-service");
        String key = "kafka-streams.replication.factor";
        assertThat(triage.valueWith(key, Map.of())).contains("1");
        assertThat(triage.valueWith(key, Map.of("HYPERCARE_TOPICS_REPLICATION_FACTOR", "3"))).contains("3");
        assertThat(triage.valueWith(key, Map.of("HYPERCARE_TOPICS_REPLICATION_FACTOR", "3", "KAFKA_STREAMS_REPLICATION_FACTOR", "2")))
                .contains("2");
    }
}
