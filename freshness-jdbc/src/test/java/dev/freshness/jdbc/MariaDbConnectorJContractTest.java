package dev.freshness.jdbc;

/** The store contract suite on {@link TestDatabase#MARIADB_CONNECTOR_J}. */
class MariaDbConnectorJContractTest extends JdbcStoreContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB_CONNECTOR_J;
    }
}
