package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#MARIADB}. */
class MariaDbContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB;
    }
}
