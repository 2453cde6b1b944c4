package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountingStoreTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final RunId RUN = RunId.of("run-1");
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final ReferenceStore delegate = new ReferenceStore();
    private final CountingStore store = new CountingStore(delegate);

    private void succeed(Scope scope) {
        store.apply(new RunEvent.Started(scope, ORDERS, RUN, T0, "job"));
        store.apply(new RunEvent.Succeeded(scope, ORDERS, RUN, T0.plusSeconds(1), 7));
    }

    @Test
    void passesABatchOnInOneCallButTheEventsAWriteFaultFails() {
        RunEvent acme = new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 1);
        RunEvent globex = new RunEvent.Succeeded(GLOBEX, ORDERS, RUN, T0, 2);
        store.applyAll(java.util.List.of(acme));
        store.failWrites(event -> event.scope().equals(GLOBEX), () -> new StoreException("down", null));

        assertThatThrownBy(() -> store.applyAll(java.util.List.of(acme, globex))).isInstanceOf(StoreException.class);

        assertThat(store.applyAllCalls()).isEqualTo(2);
        assertThat(store.applyCalls()).isZero();
        assertThat(delegate.status(ACME, ORDERS)).isPresent();
        assertThat(delegate.status(GLOBEX, ORDERS)).isEmpty();
    }

    @Test
    void countsEveryCallPerOperationAndTheRowsTheReadsReturned() {
        succeed(ACME);
        succeed(GLOBEX);
        store.createStatusesIfAbsent(ACME, Set.of(DatasetKey.of("refunds")));

        assertThat(store.status(ACME, ORDERS)).isPresent();
        assertThat(store.statuses(Set.of(ACME, GLOBEX), Set.of(ORDERS))).hasSize(2);
        CrossScopeQuery firstPage = CrossScopeQuery.of(Set.of(ORDERS)).limit(1);
        CrossScopeQuery stale = CrossScopeQuery.of(Set.of(ORDERS)).lastSucceededBefore(T0);
        assertThat(store.statusesAcrossScopes(firstPage).statuses()).hasSize(1);
        assertThat(store.statusesAcrossScopes(stale).statuses()).isEmpty();
        assertThat(store.runHistory(RUN)).hasSize(2);
        assertThat(store.history(ACME, ORDERS, 10)).hasSize(1);
        store.pruneHistory(T0);

        assertThat(store.applyCalls()).isEqualTo(4);
        assertThat(store.createStatusesCalls()).isEqualTo(1);
        assertThat(store.statusCalls()).isEqualTo(1);
        assertThat(store.statusesCalls()).isEqualTo(1);
        assertThat(store.scopesAsked()).isEqualTo(2);
        assertThat(store.statusesRead()).isEqualTo(2);
        assertThat(store.crossScopeCalls()).isEqualTo(2);
        assertThat(store.crossScopeQueries()).containsExactly(firstPage, stale);
        assertThat(store.crossScopeStatusesRead()).isEqualTo(1);
        assertThat(store.runHistoryCalls()).isEqualTo(1);
        assertThat(store.historyCalls()).isEqualTo(1);
        assertThat(store.historyRecordsRead()).isEqualTo(3);
        assertThat(store.pruneHistoryCalls()).isEqualTo(1);
        assertThat(store.reads()).as("status, statuses, two pages, run history, history").isEqualTo(6);
    }

    @Test
    void resetForgetsTheCountsAndQueriesButNotTheData() {
        succeed(ACME);
        store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS)));
        store.statuses(Set.of(ACME), Set.of(ORDERS));

        store.reset();

        assertThat(store.reads()).isZero();
        assertThat(store.applyCalls()).isZero();
        assertThat(store.crossScopeQueries()).isEmpty();
        assertThat(store.statusesRead()).isZero();
        assertThat(store.scopesAsked()).isZero();
        assertThat(store.crossScopeStatusesRead()).isZero();
        assertThat(store.status(ACME, ORDERS)).as("the data stays").isPresent();
        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void failsTheChosenWritesWithoutPassingThemOn() {
        store.failWrites(event -> event instanceof RunEvent.Succeeded, () -> new IllegalStateException("store down"));

        store.apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
        assertThatThrownBy(() -> store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0.plusSeconds(1), 7)))
                .isInstanceOf(IllegalStateException.class).hasMessage("store down");

        assertThat(store.applyCalls()).as("the failed write is counted").isEqualTo(2);
        assertThat(delegate.status(ACME, ORDERS)).get().satisfies(status -> {
            assertThat(status.lastStart()).isPresent();
            assertThat(status.lastSuccess()).as("never reached the other store").isEmpty();
        });

        store.stopFailing();
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0.plusSeconds(1), 7));
        assertThat(delegate.status(ACME, ORDERS)).get()
                .satisfies(status -> assertThat(status.lastSuccess()).isPresent());
    }

    @Test
    void failsEveryReadOrOnlyTheChosenOnesCountingThem() {
        succeed(ACME);
        store.failReads(() -> new StoreException("the test store is down", new IllegalStateException("down")));

        assertThatThrownBy(() -> store.status(ACME, ORDERS)).isInstanceOf(StoreException.class)
                .hasMessageContaining("the test store is down");
        assertThatThrownBy(() -> store.statuses(Set.of(ACME), Set.of(ORDERS))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.runHistory(RUN)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.history(ACME, ORDERS, 1)).isInstanceOf(StoreException.class);
        assertThat(store.reads()).as("failed reads are counted").isEqualTo(5);
        assertThat(store.statusesRead() + store.crossScopeStatusesRead() + store.historyRecordsRead())
                .as("a failed read returned nothing").isZero();

        store.failReads(read -> read == CountingStore.Read.ACROSS_SCOPES,
                () -> new IllegalStateException("store unreachable"));
        assertThat(store.status(ACME, ORDERS)).isPresent();
        assertThatThrownBy(() -> store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS))))
                .isInstanceOf(IllegalStateException.class).hasMessage("store unreachable");

        store.stopFailing();
        assertThat(store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS))).statuses()).hasSize(1);
    }

    @Test
    void answersMayBlockAsToldOrAsTheOtherStore() {
        ReferenceStore neverBlocks = new ReferenceStore() {
            @Override
            public boolean mayBlock() {
                return false;
            }

            @Override
            public boolean acceptsRedelivery() {
                return false;
            }
        };
        assertThat(new CountingStore(neverBlocks).mayBlock()).isFalse();
        assertThat(new CountingStore(neverBlocks).acceptsRedelivery()).isFalse();
        assertThat(new CountingStore(neverBlocks, true).mayBlock()).isTrue();
        assertThat(new CountingStore(delegate).mayBlock()).isTrue();
        assertThat(new CountingStore(delegate, false).mayBlock()).isFalse();
    }
}
