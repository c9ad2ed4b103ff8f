package dev.hypercare.triage.priority;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Level;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.explain.TwoDecimals;
import dev.hypercare.triage.rules.Categorisation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Derives impact (how many are hurt, how badly) and urgency (how soon it must be handled).
 *
 * <p>Business rule:
 * <ul>
 *   <li>Impact is HIGH on an outage, security or data-loss flag, or when at least
 *       {@code highAffectedUsers} users are affected; MEDIUM for a bug, a performance flag or at least
 *       {@code mediumAffectedUsers} users; else LOW.</li>
 *   <li>Urgency is HIGH on an outage, security or data-loss flag; MEDIUM for a bug, a question, a
 *       performance or accessibility flag, or a strongly negative sentiment (at most
 *       {@value #NEGATIVE_SENTIMENT}: an angry user is worth a quicker look, but anger alone never makes an
 *       item HIGH); else LOW.</li>
 * </ul>
 * The first reason found is recorded as the signal; the order above is the order of precedence.
 */
public final class ImpactUrgency {

    private static final Set<Flag> CRITICAL = EnumSet.of(Flag.OUTAGE, Flag.SECURITY, Flag.DATA_LOSS);
    /** Sentiment at or below which urgency is at least MEDIUM. */
    public static final double NEGATIVE_SENTIMENT = -0.6;

    private final int highAffectedUsers;
    private final int mediumAffectedUsers;

    public ImpactUrgency(int highAffectedUsers, int mediumAffectedUsers) {
        if (mediumAffectedUsers < 1) {
            // 0 or less would make every report that names its affected users (0 included) at least MEDIUM.
            throw new IllegalArgumentException("affected-users thresholds must be at least 1, not " + mediumAffectedUsers);
        }
        if (mediumAffectedUsers > highAffectedUsers) {
            throw new IllegalArgumentException("medium affected-users threshold " + mediumAffectedUsers
                    + " is above the high one " + highAffectedUsers);
        }
        this.highAffectedUsers = highAffectedUsers;
        this.mediumAffectedUsers = mediumAffectedUsers;
    }

    public Assessment assess(RawFeedback feedback, Categorisation categorisation) {
        return assess(feedback, categorisation, null);
    }

    /** @param sentiment -1..1, or null when unknown */
    public Assessment assess(RawFeedback feedback, Categorisation categorisation, Double sentiment) {
        List<String> signals = new ArrayList<>();
        Level impact = impact(feedback.affectedUsers(), categorisation, signals);
        Level urgency = urgency(categorisation, sentiment, signals);
        return new Assessment(impact, urgency, signals);
    }

    private Level impact(Integer affectedUsers, Categorisation c, List<String> signals) {
        Flag critical = firstCritical(c.flags());
        if (critical != null) {
            signals.add("flag " + critical + " -> impact HIGH");
            return Level.HIGH;
        }
        if (affectedUsers != null && affectedUsers >= highAffectedUsers) {
            signals.add("affectedUsers=" + affectedUsers + " -> impact HIGH");
            return Level.HIGH;
        }
        if (c.category() == Category.BUG) {
            signals.add("category BUG -> impact MEDIUM");
            return Level.MEDIUM;
        }
        if (c.flags().contains(Flag.PERFORMANCE)) {
            signals.add("flag PERFORMANCE -> impact MEDIUM");
            return Level.MEDIUM;
        }
        if (affectedUsers != null && affectedUsers >= mediumAffectedUsers) {
            signals.add("affectedUsers=" + affectedUsers + " -> impact MEDIUM");
            return Level.MEDIUM;
        }
        signals.add("no impact signal -> impact LOW");
        return Level.LOW;
    }

    private static Level urgency(Categorisation c, Double sentiment, List<String> signals) {
        Flag critical = firstCritical(c.flags());
        if (critical != null) {
            signals.add("flag " + critical + " -> urgency HIGH");
            return Level.HIGH;
        }
        if (c.category() == Category.BUG || c.category() == Category.QUESTION) {
            signals.add("category " + c.category() + " -> urgency MEDIUM");
            return Level.MEDIUM;
        }
        for (Flag flag : List.of(Flag.PERFORMANCE, Flag.ACCESSIBILITY)) {
            if (c.flags().contains(flag)) {
                signals.add("flag " + flag + " -> urgency MEDIUM");
                return Level.MEDIUM;
            }
        }
        if (sentiment != null && sentiment <= NEGATIVE_SENTIMENT) {
            signals.add(TwoDecimals.append(new StringBuilder(40).append("sentiment "), sentiment).append(" -> urgency MEDIUM").toString());
            return Level.MEDIUM;
        }
        signals.add("no urgency signal -> urgency LOW");
        return Level.LOW;
    }

    private static Flag firstCritical(Set<Flag> flags) {
        // Enum order (OUTAGE, SECURITY, DATA_LOSS) keeps the explanation stable.
        return flags.stream().filter(CRITICAL::contains).sorted().findFirst().orElse(null);
    }
}
