package dev.hypercare.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeterministicIdsTest {

    @Test
    void shouldGiveTheSameVersion5IdForTheSameScopeAndKey() {
        String first = DeterministicIds.feedbackId("app:shop-web", "order-42-retry");
        String second = DeterministicIds.feedbackId("app:shop-web", "order-42-retry");

        assertThat(first).isEqualTo(second);
        assertThat(UUID.fromString(first).version()).isEqualTo(5);
        assertThat(UUID.fromString(first).variant()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheKeySpacesOfTwoAppsApart() {
        assertThat(DeterministicIds.feedbackId("app:shop-web", "k1"))
                .isNotEqualTo(DeterministicIds.feedbackId("app:crm", "k1"))
                .isNotEqualTo(DeterministicIds.feedbackId("app:shop-web", "k2"));
    }

    @Test
    void shouldMatchRfc9562NameBasedIds() {
        // RFC 9562 appendix A.4: v5 of "www.example.com" in the DNS namespace
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(DeterministicIds.nameBased(dns, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }
}
