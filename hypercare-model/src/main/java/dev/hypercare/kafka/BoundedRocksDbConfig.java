package dev.hypercare.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all of a service's RocksDB stores together (the pattern of Kafka Streams'
 * memory-management guide): one block cache of {@value #TOTAL_OFF_HEAP_BYTES} bytes shared by every store, with
 * the memtables counted against it (at most {@value #TOTAL_MEMTABLE_BYTES}). Without it every store (and every
 * segment of a windowed store, once per input partition) takes RocksDB's default cache (50 MB) and memtables
 * (3 x 16 MB): the triage-service outgrew its 300 MB budget, the metrics-service's resident size was 666-806 MB
 * at 1k lifecycle events/s (docs/metrics.md, "Performance / KPI freshness"). Reads mostly hit the record cache
 * ({@code statestore.cache.max.bytes}) before RocksDB, so a small block cache costs little. Set by
 * {@code kafka-streams.rocksdb.config.setter}; a service with many small stores subclasses it for smaller memtables.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {

    static final long TOTAL_OFF_HEAP_BYTES = 48L * 1024 * 1024;
    static final long TOTAL_MEMTABLE_BYTES = 16L * 1024 * 1024;
    static final long DEFAULT_WRITE_BUFFER_BYTES = 4L * 1024 * 1024;
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    // Shared by every store of the process, so never closed by a store's close().
    private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, INDEX_FILTER_BLOCK_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);

    private final long writeBufferBytes;

    public BoundedRocksDbConfig() {
        this(DEFAULT_WRITE_BUFFER_BYTES);
    }

    /** Kafka Streams instantiates the setter by class name, so a different memtable size is a subclass. */
    protected BoundedRocksDbConfig(long writeBufferBytes) {
        this.writeBufferBytes = writeBufferBytes;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        tableConfig.setBlockCache(CACHE);
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(writeBufferBytes);
        options.setTableFormatConfig(tableConfig);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared: closing them here would break the other stores.
    }
}
