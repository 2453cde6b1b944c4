package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#H2_MEMORY}. */
class H2MemoryContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_MEMORY;
    }
}
