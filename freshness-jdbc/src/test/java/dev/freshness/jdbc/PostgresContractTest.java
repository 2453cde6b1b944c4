package dev.freshness.jdbc;

/** The store contract suite on {@link TestDatabase#POSTGRESQL}. */
class PostgresContractTest extends JdbcStoreContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
