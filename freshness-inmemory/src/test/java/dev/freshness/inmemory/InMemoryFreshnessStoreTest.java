package dev.freshness.inmemory;

import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;

class InMemoryFreshnessStoreTest extends FreshnessStoreContract {

    @Override
    protected FreshnessStore newStore() {
        return new InMemoryFreshnessStore();
    }
}
