package dev.freshness.inmemory;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
    void theRunsInFlightAgreeWithTheHistoryAfterConcurrentStartsSuccessesAndPruning() throws Exception {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        int runs = 2_000;
        Instant cutoff = NOW.plusSeconds(runs / 2);
        CountDownLatch written = new CountDownLatch(2);
        List<Callable<Void>> writers = List.of(
                () -> {
                    for (int i = 0; i < runs; i++) {
                        store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-" + i), NOW.plusSeconds(i), null));
                    }
                    written.countDown();
                    return null;
                },
                () -> {
                    // Every other run succeeds, sent in the opposite order, so successes often arrive before starts.
                    for (int i = runs - 2; i >= 0; i -= 2) {
                        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-" + i), NOW.plusSeconds(i + 1), 1));
                    }
                    written.countDown();
                    return null;
                },
                () -> {
                    do {
                        store.pruneHistory(cutoff);
                    } while (!written.await(0, TimeUnit.MILLISECONDS));
                    // Once more after the last write, so that runs in flight before the cutoff are surely pruned.
                    store.pruneHistory(cutoff);
                    return null;
                });

        ExecutorService threads = Executors.newFixedThreadPool(writers.size());
        try {
            for (Future<Void> writer : threads.invokeAll(writers)) {
                writer.get();
            }
        } finally {
            threads.shutdownNow();
        }

        List<RunRecord> history = store.history(ACME, ORDERS, runs + 1);
        List<DatasetStatus.Start> inFlightInHistory = history.stream().filter(RunRecord::inFlight)
                .map(record -> new DatasetStatus.Start(record.runId(), record.startedAt())).toList();
        assertThat(history).as("odd runs after the cutoff never succeed and are not pruned: they are in flight")
                .anyMatch(RunRecord::inFlight);
        assertThat(store.status(ACME, ORDERS).orElseThrow().runsInFlight())
                .as("in flight exactly the runs whose history record has a start and no outcome, however the writes"
                        + " and prunes interleaved")
                .containsExactlyInAnyOrderElementsOf(inFlightInHistory);
    }

    @Test
    void aLaterStartOfARunInFlightMovesItsStartInTheRunsInFlight() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        RunId runId = RunId.of("run-1");
        store.apply(new RunEvent.Started(ACME, ORDERS, runId, NOW, null));

        store.apply(new RunEvent.Started(ACME, ORDERS, runId, NOW.plusSeconds(30), null));

        assertThat(store.status(ACME, ORDERS).orElseThrow().runsInFlight())
                .as("the run stays in flight, with the start its history record now holds")
                .containsExactly(new DatasetStatus.Start(runId, NOW.plusSeconds(30)));
    }

    @Test
    void aRunPrunedBetweenItsStartAndItsSuccessGetsANewRecord() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        RunId runId = RunId.of("run-1");
        store.apply(new RunEvent.Started(ACME, ORDERS, runId, NOW, null));
        assertThat(store.pruneHistory(NOW.plusSeconds(1))).isEqualTo(1);

        store.apply(new RunEvent.Succeeded(ACME, ORDERS, runId, NOW.plusSeconds(60), 3));

        assertThat(store.runHistory(runId)).singleElement()
                .satisfies(record -> {
                    assertThat(record.startedAt()).as("the pruned start is gone").isNull();
                    assertThat(record.finishedAt()).isEqualTo(NOW.plusSeconds(60));
                });
        assertThat(store.status(ACME, ORDERS).orElseThrow().runsInFlight()).isEmpty();
    }

    @Test
    void neverBlocks() {
        assertThat(new InMemoryFreshnessStore().mayBlock()).isFalse();
    }
}
