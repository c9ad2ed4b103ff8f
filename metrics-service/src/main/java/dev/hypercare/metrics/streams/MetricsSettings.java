package dev.hypercare.metrics.streams;

import dev.hypercare.metrics.item.ItemRetention;
import dev.hypercare.metrics.kpi.KpiSettings;
import dev.hypercare.metrics.readiness.ReadinessCriteria;
import dev.hypercare.metrics.sla.SlaPolicy;
import dev.hypercare.metrics.spikes.SpikeSettings;
import java.time.Duration;

/**
 * Everything the metrics topology is built from, so tests build it without CDI and the service from
 * {@code application.properties} ({@link MetricsConfig}).
 *
 * @param sla                    SLA targets per priority, warning share, business calendar
 * @param slaCheckInterval       how often the wall clock is checked for SLA thresholds (bounds how
 *                               late a warning or breach of an untouched item can be)
 * @param kpis                   windows and windowed dimensions
 * @param readiness              exit criteria
 * @param readinessCheckInterval how often every release is re-judged on the wall clock
 * @param inMemoryStores         state in memory (restored from the changelogs at start) instead of
 *                               RocksDB: the topology tests use it, as RocksDB's flush at every
 *                               commit of the test driver costs seconds on a busy disk
 * @param spikes                 volume-spike detection per release and component
 * @param uptimePublishInterval  how often every release's uptime is published again on the wall clock
 * @param items                  how long each item's own state and per-item KPIs are kept
 * @param slaMaxPerCheck         the most due SLA thresholds one task raises per wall-clock check (bounded work per
 *                               punctuation; the rest at the next check, {@code slaCheckInterval} later)
 */
public record MetricsSettings(SlaPolicy sla, Duration slaCheckInterval, KpiSettings kpis,
                              ReadinessCriteria readiness, Duration readinessCheckInterval, boolean inMemoryStores,
                              SpikeSettings spikes, Duration uptimePublishInterval, ItemRetention items,
                              int slaMaxPerCheck) {

    public static final int DEFAULT_SLA_MAX_PER_CHECK = 1000;

    public MetricsSettings {
        if (slaMaxPerCheck < 1) {
            throw new IllegalArgumentException("hypercare.metrics.sla.max-per-check must be at least 1");
        }
    }

    /** The settings before the SLA check was bounded: {@value #DEFAULT_SLA_MAX_PER_CHECK} thresholds per check. */
    public MetricsSettings(SlaPolicy sla, Duration slaCheckInterval, KpiSettings kpis,
                           ReadinessCriteria readiness, Duration readinessCheckInterval, boolean inMemoryStores,
                           SpikeSettings spikes, Duration uptimePublishInterval, ItemRetention items) {
        this(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores, spikes, uptimePublishInterval,
                items, DEFAULT_SLA_MAX_PER_CHECK);
    }

    /** The settings before item expiry; items get the default retention. */
    public MetricsSettings(SlaPolicy sla, Duration slaCheckInterval, KpiSettings kpis,
                           ReadinessCriteria readiness, Duration readinessCheckInterval, boolean inMemoryStores,
                           SpikeSettings spikes, Duration uptimePublishInterval) {
        this(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores, spikes, uptimePublishInterval,
                ItemRetention.defaults());
    }

    public static final Duration DEFAULT_UPTIME_PUBLISH_INTERVAL = Duration.ofMinutes(1);

    /** The settings before volume spikes and uptime; those get their defaults. */
    public MetricsSettings(SlaPolicy sla, Duration slaCheckInterval, KpiSettings kpis,
                           ReadinessCriteria readiness, Duration readinessCheckInterval, boolean inMemoryStores) {
        this(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores, SpikeSettings.defaults(),
                DEFAULT_UPTIME_PUBLISH_INTERVAL);
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(SlaPolicy.defaults(), Duration.ofSeconds(1), KpiSettings.defaults(),
                ReadinessCriteria.defaults(), Duration.ofSeconds(10), false);
    }

    public MetricsSettings withInMemoryStores() {
        return new MetricsSettings(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, true, spikes,
                uptimePublishInterval, items, slaMaxPerCheck);
    }

    public MetricsSettings withItemRetention(ItemRetention retention) {
        return new MetricsSettings(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores, spikes,
                uptimePublishInterval, retention, slaMaxPerCheck);
    }

    public MetricsSettings withSpikes(SpikeSettings spikeSettings) {
        return new MetricsSettings(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores,
                spikeSettings, uptimePublishInterval, items, slaMaxPerCheck);
    }

    public MetricsSettings withSlaMaxPerCheck(int maxPerCheck) {
        return new MetricsSettings(sla, slaCheckInterval, kpis, readiness, readinessCheckInterval, inMemoryStores, spikes,
                uptimePublishInterval, items, maxPerCheck);
    }
}
