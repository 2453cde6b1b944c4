package dev.freshness.jdbc;

import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The store contract suite on PostgreSQL with the run history partitioned by day. */
class PartitionedPostgresContractTest extends FreshnessStoreContract {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @Override
    protected FreshnessStore newStore() {
        return DATABASES.of(DatabaseSetup.POSTGRESQL).emptyStore(JdbcFreshnessStore
                .using(DATABASES.of(DatabaseSetup.POSTGRESQL).dataSource())
                .withTablePrefix("contract_")
                .partitionHistoryByDay());
    }

    @AfterAll
    static void dropTheDatabase() {
        DATABASES.close();
    }
}
