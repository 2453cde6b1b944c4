package dev.freshness.jdbc;

/** The store contract suite on {@link TestDatabase#H2_MEMORY}. */
class H2MemoryContractTest extends JdbcStoreContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEMORY;
    }
}
