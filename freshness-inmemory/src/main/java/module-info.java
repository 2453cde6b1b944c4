/** The in-memory store, for unit tests of your own jobs: {@link dev.freshness.inmemory.InMemoryFreshnessStore}. */
module dev.freshness.inmemory {
    requires transitive dev.freshness.api;

    exports dev.freshness.inmemory;
}
