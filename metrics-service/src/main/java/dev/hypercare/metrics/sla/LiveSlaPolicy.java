package dev.hypercare.metrics.sla;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.model.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The SLA policy in force: the configured one, overridden field by field by the {@value #DOCUMENT}
 * document of the live rules topic ({@code hypercare.triage.rules}), which ops edit without a
 * redeploy. Shape of the document (every field optional):
 * <pre>{"targets": {"P1": {"firstResponse": "PT10M", "resolution": "PT2H"}, ...}, "warnAt": 0.75,
 *  "businessHours": {"enabled": true, "zone": "Europe/Paris", "opens": "09:00", "closes": "17:00",
 *                    "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]}}</pre>
 * An invalid document (unknown field, unknown priority, a duration that is not a positive ISO-8601
 * duration, warnAt outside (0, 1), an unknown zone or day, hours that do not open before they close) is
 * rejected with the reason (logged, {@link #lastRejection()}): the policy in force before it stays.
 * {@code businessHours} fields left out keep the configured calendar's (or, with {@code enabled} alone,
 * its hours).
 */
public final class LiveSlaPolicy {

    public static final String DOCUMENT = "sla-policy";
    private static final Logger LOG = Logger.getLogger(LiveSlaPolicy.class);

    private final SlaPolicy configured;
    private JsonNode lastDocument;
    private SlaPolicy lastPolicy;
    private String lastRejection;

    public LiveSlaPolicy(SlaPolicy configured) {
        this.configured = configured;
        this.lastPolicy = configured;
    }

    /** The policy for this document (null: none published); parsed once per distinct document. */
    public SlaPolicy current(JsonNode document) {
        if (Objects.equals(document, lastDocument)) {
            return lastPolicy;
        }
        lastDocument = document;
        if (document == null) {
            lastPolicy = configured; // a tombstone: back to the configuration
            return lastPolicy;
        }
        try {
            lastPolicy = merge(configured, document);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            lastRejection = e.getMessage();
            LOG.warnf("Rejected the '%s' rules document, the SLA policy in force stays: %s", DOCUMENT, e.getMessage());
        }
        return lastPolicy;
    }

    /** Why the latest rejected document was rejected; null when none was. */
    public String lastRejection() {
        return lastRejection;
    }

    /** The configured policy with the document's fields over it; IllegalArgumentException says what is wrong. */
    static SlaPolicy merge(SlaPolicy base, JsonNode document) {
        if (!document.isObject()) {
            throw new IllegalArgumentException("the document is not a JSON object");
        }
        only(document, "", Set.of("targets", "warnAt", "businessHours"));
        Map<Priority, SlaTarget> targets = new EnumMap<>(Priority.class);
        targets.putAll(base.targets());
        JsonNode byPriority = document.path("targets");
        if (!byPriority.isMissingNode()) {
            if (!byPriority.isObject()) {
                throw new IllegalArgumentException("targets must be an object keyed by priority");
            }
            only(byPriority, "targets.", Set.of("P1", "P2", "P3", "P4"));
        }
        for (Priority priority : Priority.values()) {
            JsonNode target = byPriority.path(priority.name());
            if (target.isObject()) {
                only(target, "targets." + priority + ".", Set.of("firstResponse", "resolution"));
                SlaTarget old = targets.get(priority);
                targets.put(priority, new SlaTarget(
                        duration(target.path("firstResponse"), old == null ? null : old.firstResponse(), priority + ".firstResponse"),
                        duration(target.path("resolution"), old == null ? null : old.resolution(), priority + ".resolution")));
            }
        }
        JsonNode warn = document.path("warnAt");
        if (!warn.isMissingNode() && !warn.isNumber()) {
            throw new IllegalArgumentException("warnAt must be a number between 0 and 1");
        }
        double warnAt = warn.isNumber() ? warn.asDouble() : base.warnAt();
        return new SlaPolicy(targets, warnAt, calendar(base.calendar(), document.path("businessHours")));
    }

    private static BusinessCalendar calendar(BusinessCalendar base, JsonNode hours) {
        if (hours.isMissingNode() || hours.isNull()) {
            return base;
        }
        if (!hours.isObject()) {
            throw new IllegalArgumentException("businessHours must be an object");
        }
        only(hours, "businessHours.", Set.of("enabled", "zone", "opens", "closes", "days"));
        boolean enabled = hours.path("enabled").isBoolean() ? hours.path("enabled").asBoolean() : true;
        if (!enabled) {
            return BusinessCalendar.ALWAYS;
        }
        // From round-the-clock, "enabled" alone means the usual office hours.
        boolean fromAlways = !base.enabled();
        ZoneId zone = hours.path("zone").isTextual() ? ZoneId.of(hours.path("zone").asText()) : base.zone();
        LocalTime opens = hours.path("opens").isTextual() ? LocalTime.parse(hours.path("opens").asText())
                : fromAlways ? LocalTime.of(9, 0) : base.opens();
        LocalTime closes = hours.path("closes").isTextual() ? LocalTime.parse(hours.path("closes").asText())
                : fromAlways ? LocalTime.of(17, 0) : base.closes();
        Set<DayOfWeek> days;
        if (hours.path("days").isArray()) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode day : hours.path("days")) {
                days.add(DayOfWeek.valueOf(day.asText().toUpperCase(Locale.ROOT)));
            }
        } else {
            days = fromAlways ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : base.days();
        }
        return new BusinessCalendar(true, zone, opens, closes, days);
    }

    private static void only(JsonNode node, String prefix, Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field " + prefix + name + " (allowed: " + new TreeSet<>(allowed) + ")");
            }
        });
    }

    private static Duration duration(JsonNode node, Duration fallback, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        Duration value;
        try {
            value = node.isTextual() ? Duration.parse(node.asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            value = null;
        }
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive ISO-8601 duration such as PT15M: " + node);
        }
        return value;
    }
}
