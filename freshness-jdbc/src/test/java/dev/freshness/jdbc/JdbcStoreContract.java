package dev.freshness.jdbc;

import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;

/** The store contract suite on one database: one subclass per database. */
abstract class JdbcStoreContract extends FreshnessStoreContract {

    /** The database this class runs the suite on. */
    abstract TestDatabase database();

    @Override
    protected FreshnessStore newStore() {
        return database().emptyStore("contract_");
    }
}
