package dev.freshness.inmemory;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole store contract, and what only the in-memory store offers. */
class InMemoryFreshnessStoreTest extends FreshnessStoreContract {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    @Override
    protected FreshnessStore newStore() {
        return new InMemoryFreshnessStore();
    }

    @Test
    void clearForgetsStatusesAndHistory() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-1"), NOW, null));
        store.apply(new RunEvent.Succeeded(Scope.global(), ORDERS, RunId.of("run-1"), NOW, 3));

        store.clear();

        assertThat(store.status(ACME, ORDERS)).isEmpty();
        assertThat(store.status(Scope.global(), ORDERS)).isEmpty();
        assertThat(store.runHistory(RunId.of("run-1"))).isEmpty();
        assertThat(store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS))).statuses()).isEmpty();
    }

    @Test
    void aClearedStoreRecordsAgain() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-2"), NOW.plusSeconds(60), 5));
        store.clear();

        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), NOW, 3));

        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow().runId())
                .as("the success recorded before clear() is forgotten, though it was later")
                .isEqualTo(RunId.of("run-1"));
    }

    @Test
    void neverBlocks() {
        assertThat(new InMemoryFreshnessStore().mayBlock()).isFalse();
    }
}
