package dev.hypercare.metrics.streams;

import dev.hypercare.kafka.BoundedRocksDbConfig;

/**
 * The shared bounded RocksDB memory ({@link BoundedRocksDbConfig}) with 2 MB memtables: the
 * metrics topology has about a dozen stores, most of them once per input partition (six), so one busy store must
 * not take the whole shared memtable budget at once. Set by {@code kafka-streams.rocksdb.config.setter}.
 */
public class MetricsRocksDbConfig extends BoundedRocksDbConfig {

    public MetricsRocksDbConfig() {
        super(2L * 1024 * 1024);
    }
}
