package dev.hypercare.ingest.lifecycle;

import static dev.hypercare.model.LifecycleType.ACKNOWLEDGED;
import static dev.hypercare.model.LifecycleType.RATED;
import static dev.hypercare.model.LifecycleType.REOPENED;
import static dev.hypercare.model.LifecycleType.RESOLVED;
import static dev.hypercare.model.LifecycleType.RESPONDED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

    @Test
    void shouldAllowTheNormalPathOfAnItem() {
        assertThat(LifecycleRules.refusal(null, ACKNOWLEDGED)).isNull();
        assertThat(LifecycleRules.refusal(ACKNOWLEDGED, RESPONDED)).isNull();
        assertThat(LifecycleRules.refusal(RESPONDED, RESPONDED)).isNull();
        assertThat(LifecycleRules.refusal(RESPONDED, RESOLVED)).isNull();
        assertThat(LifecycleRules.refusal(RESOLVED, RATED)).isNull();
        assertThat(LifecycleRules.refusal(RESOLVED, REOPENED)).isNull();
        assertThat(LifecycleRules.refusal(REOPENED, ACKNOWLEDGED)).isNull();
        assertThat(LifecycleRules.refusal(null, RESOLVED)).as("fixed without a word").isNull();
    }

    @Test
    void shouldRefuseImpossibleTransitionsNamingTheStatus() {
        assertThat(LifecycleRules.refusal(null, REOPENED)).contains("open");
        assertThat(LifecycleRules.refusal(RESPONDED, RATED)).contains("RESPONDED");
        assertThat(LifecycleRules.refusal(RESOLVED, RESOLVED)).contains("RESOLVED");
        assertThat(LifecycleRules.refusal(RESOLVED, RESPONDED)).contains("reopen");
        assertThat(LifecycleRules.refusal(ACKNOWLEDGED, ACKNOWLEDGED)).contains("already ACKNOWLEDGED");
    }
}
