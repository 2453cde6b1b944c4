package dev.freshness.jdbc;

import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract suite on one database setup, in a database of the class's own: one subclass per setup.
 */
abstract class JdbcStoreContract extends FreshnessStoreContract {

    /** The databases of the subclass running now (test classes run one after the other). */
    private static final OpenDatabases DATABASES = new OpenDatabases();

    /** The setup this class runs the suite on. */
    abstract DatabaseSetup setup();

    @Override
    protected FreshnessStore newStore() {
        return DATABASES.of(setup()).emptyStore("contract_");
    }

    @AfterAll
    static void dropTheDatabase() {
        DATABASES.close();
    }
}
