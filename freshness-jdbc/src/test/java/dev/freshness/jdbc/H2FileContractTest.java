package dev.freshness.jdbc;

/** The store contract suite on {@link TestDatabase#H2_FILE}. */
class H2FileContractTest extends JdbcStoreContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2_FILE;
    }
}
