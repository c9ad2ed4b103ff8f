package dev.hypercare.metrics.streams;

import dev.hypercare.metrics.item.ItemRetention;
import dev.hypercare.metrics.kpi.KpiSettings;
import dev.hypercare.metrics.readiness.ReadinessCriteria;
import dev.hypercare.metrics.sla.BusinessCalendar;
import dev.hypercare.metrics.sla.SlaPolicy;
import dev.hypercare.metrics.sla.SlaTarget;
import dev.hypercare.metrics.spikes.SpikeSettings;
import dev.hypercare.model.Priority;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The metrics settings as configured ({@code hypercare.metrics.*} in application.properties). */
@ConfigMapping(prefix = "hypercare.metrics")
public interface MetricsConfig {

    Sla sla();

    Kpis kpis();

    Readiness readiness();

    Spikes spikes();

    Uptime uptime();

    Items items();

    /** How long each item's own state and per-item KPIs are kept (docs/metrics.md, "Item expiry"). */
    interface Items {
        /** The hypercare period plus a margin: no item is kept longer after its receipt. */
        @WithDefault("P60D")
        Duration retention();

        /** A resolved item is kept this long after its resolution (reopen grace, CSAT window). */
        @WithDefault("P14D")
        Duration closedGrace();

        /** The expired marker is kept this long: late updates within it are ignored and counted. */
        @WithDefault("P90D")
        Duration markerRetention();

        @WithDefault("PT1M")
        Duration checkInterval();

        @WithDefault("1000")
        int maxPerCheck();
    }

    /** Volume spikes per release and component (docs/metrics.md, "Volume spikes"). */
    interface Spikes {
        @WithDefault("PT5M")
        Duration window();

        @WithDefault("3.0")
        double factor();

        @WithDefault("10")
        long minCount();

        @WithDefault("1.5")
        double endFactor();

        @WithDefault("3")
        int warmUpWindows();

        @WithDefault("0.3")
        double smoothing();

        @WithDefault("PT10S")
        Duration grace();

        @WithDefault("PT5S")
        Duration checkInterval();
    }

    interface Uptime {
        @WithDefault("PT1M")
        Duration publishInterval();
    }

    interface Sla {
        /** Per priority (p1..p4): {@code first-response} and {@code resolution} targets, ISO-8601 durations. */
        Map<String, Target> targets();

        @WithDefault("0.8")
        double warnAt();

        @WithDefault("1S")
        Duration checkInterval();

        /** The most due SLA thresholds one stream task raises per check; the rest wait for the next check. */
        @WithDefault("1000")
        int maxPerCheck();

        BusinessHours businessHours();
    }

    interface Target {
        Duration firstResponse();

        Duration resolution();
    }

    interface BusinessHours {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("UTC")
        ZoneId zone();

        @WithDefault("09:00")
        LocalTime opens();

        @WithDefault("17:00")
        LocalTime closes();

        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        Set<DayOfWeek> days();
    }

    interface Kpis {
        @WithDefault("hour,day")
        List<String> windows();

        @WithDefault("all,category,priority,channel")
        Set<String> windowedDimensions();

        @WithDefault("PT0.1S")
        Duration combineInterval();
    }

    interface Readiness {
        @WithDefault("PT72H")
        Duration noOpenP1For();

        @WithDefault("95")
        double minSlaAttainment();

        @WithDefault("4.0")
        double minCsat();

        @WithDefault("no-open-p1,sla-attainment,csat,falling-weekly-volume")
        Set<String> criteria();

        @WithDefault("10S")
        Duration checkInterval();
    }

    /** RocksDB (false, the default) or memory for the state stores; both restore from the changelogs. */
    @WithDefault("false")
    boolean inMemoryStores();

    /** The settings the topology is built from; priorities without configured targets keep the defaults. */
    default MetricsSettings settings() {
        Map<Priority, SlaTarget> targets = new EnumMap<>(SlaPolicy.defaults().targets());
        sla().targets().forEach((priority, target) -> targets.put(Priority.valueOf(priority.toUpperCase()),
                new SlaTarget(target.firstResponse(), target.resolution())));
        BusinessHours hours = sla().businessHours();
        BusinessCalendar calendar = hours.enabled()
                ? new BusinessCalendar(true, hours.zone(), hours.opens(), hours.closes(), hours.days())
                : BusinessCalendar.ALWAYS;
        return new MetricsSettings(
                new SlaPolicy(targets, sla().warnAt(), calendar), sla().checkInterval(),
                new KpiSettings(kpis().windows(), kpis().windowedDimensions(), kpis().combineInterval()),
                new ReadinessCriteria(readiness().noOpenP1For(), readiness().minSlaAttainment(), readiness().minCsat(),
                        readiness().criteria()),
                readiness().checkInterval(), inMemoryStores(),
                new SpikeSettings(spikes().window(), spikes().factor(), spikes().minCount(), spikes().endFactor(),
                        spikes().warmUpWindows(), spikes().smoothing(), spikes().grace(), spikes().checkInterval()),
                uptime().publishInterval(),
                new ItemRetention(items().retention(), items().closedGrace(), items().markerRetention(),
                        items().checkInterval(), items().maxPerCheck()),
                sla().maxPerCheck());
    }
}
