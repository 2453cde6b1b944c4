package dev.freshness.jdbc;

/** The store contract suite on {@link TestDatabase#MARIADB}. */
class MariaDbContractTest extends JdbcStoreContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
