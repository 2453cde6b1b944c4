package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#H2_FILE}. */
class H2FileContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_FILE;
    }
}
