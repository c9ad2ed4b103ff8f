package dev.hypercare.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store gets the one shared, bounded cache instead of RocksDB's per-store defaults. */
class BoundedRocksDbConfigTest {

    @Test
    void shouldGiveEveryStoreTheSharedBoundedMemtablesAndCache() {
        RocksDB.loadLibrary();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());

            new BoundedRocksDbConfig().setConfig("feedback-dedup-store", first, Map.of());
            new BoundedRocksDbConfig().setConfig("issue-groups-store", second, Map.of());

            assertThat(first.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
            assertThat(first.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
            assertThat(second.writeBufferSize()).isEqualTo(first.writeBufferSize());
        }
    }
}
