package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#MARIADB_CONNECTOR_J}. */
class MariaDbConnectorJContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB_CONNECTOR_J;
    }
}
