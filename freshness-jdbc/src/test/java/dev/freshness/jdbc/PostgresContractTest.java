package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#POSTGRESQL}. */
class PostgresContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.POSTGRESQL;
    }
}
