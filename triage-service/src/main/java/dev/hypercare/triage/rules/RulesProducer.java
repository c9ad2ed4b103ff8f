package dev.hypercare.triage.rules;

import dev.hypercare.triage.TriageConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Loads the rule set once at start: the file named by {@code hypercare.triage.rules.file} if any,
 * else the classpath resource. A broken rule set fails the start rather than triaging with
 * half the rules.
 */
public class RulesProducer {

    private static final Logger LOG = Logger.getLogger(RulesProducer.class);

    @Produces
    @Singleton
    RuleEngine ruleEngine(TriageConfig config) {
        RuleSet ruleSet = config.rules().file()
                .map(RuleSetLoader::fromFile)
                .orElseGet(() -> RuleSetLoader.fromClasspath(config.rules().resource()));
        LOG.infof("Triage rule set %s loaded (%d rules, from %s)", ruleSet.version(), ruleSet.rules().size(),
                config.rules().file().map(Object::toString).orElse("classpath:" + config.rules().resource()));
        return new RuleEngine(ruleSet);
    }
}
