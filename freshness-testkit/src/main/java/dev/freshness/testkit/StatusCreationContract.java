package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link dev.freshness.spi.FreshnessStore#createStatusesIfAbsent}: empty statuses, and never a change to one that exists. */
abstract class StatusCreationContract extends ContractPart {

    private static final Scope ACME = tenant("acme");

    @Test
    void missingStatusesAreCreatedEmpty() {
        store().createStatusesIfAbsent(ACME, Set.of(key("orders"), key("users")));

        assertThat(store().status(ACME, key("orders"))).hasValue(DatasetStatus.empty(ACME, key("orders")));
        assertThat(statusesOf(ACME, Set.of(key("orders"), key("users"))).values()).allMatch(DatasetStatus::isEmpty)
                .hasSize(2);
        assertThat(store().status(tenant("other"), key("orders"))).isEmpty();
        assertThat(store().history(ACME, key("orders"), 10)).isEmpty();
    }

    @Test
    void anExistingStatusIsLeftAsItIs() {
        apply(started(ACME, "orders", "run-1", at(0)), succeeded(ACME, "orders", "run-1", at(1), 7),
                failed(ACME, "orders", "run-2", at(2), "boom"), started(ACME, "orders", "run-3", at(3)));
        DatasetStatus before = statusOf(ACME, "orders");

        store().createStatusesIfAbsent(ACME, Set.of(key("orders"), key("users")));
        store().createStatusesIfAbsent(ACME, Set.of(key("orders"), key("users")));

        assertThat(statusOf(ACME, "orders")).isEqualTo(before);
        assertThat(statusOf(ACME, "users").isEmpty()).isTrue();
    }

    @Test
    void eventsMergeIntoACreatedStatusAsIntoAMissingOne() {
        store().createStatusesIfAbsent(ACME, Set.of(key("orders")));
        apply(started(ACME, "orders", "run-1", at(0)), succeeded(ACME, "orders", "run-1", at(1), 7));

        DatasetStatus status = statusOf(ACME, "orders");
        assertThat(status.lastStart()).hasValueSatisfying(start -> assertThat(start.at()).isEqualTo(at(0)));
        assertThat(status.lastSuccess()).hasValueSatisfying(success -> assertThat(success.recordsAffected()).isEqualTo(7));
        assertThat(status.runsInFlight()).isEmpty();
    }

    @Test
    void aCreatedStatusHasNeverSucceededForTheCrossScopeRead() {
        store().createStatusesIfAbsent(ACME, Set.of(key("orders")));
        apply(succeeded(tenant("fresh"), "orders", "run-1", at(100), 1));

        List<DatasetStatus> stale = store().statusesAcrossScopes(
                CrossScopeQuery.of(Set.of(key("orders"))).lastSucceededBefore(at(50))).statuses();

        assertThat(stale).extracting(DatasetStatus::scope).containsExactly(ACME);
    }

    @Test
    void creatingWhileOtherThreadsWriteLosesNoEvent() throws Exception {
        int threads = 4;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < rounds; i++) {
                        Scope scope = tenant("t" + i);
                        if (thread % 2 == 0) {
                            store().createStatusesIfAbsent(scope, Set.of(key("orders"), key("users")));
                        } else {
                            store().apply(succeeded(scope, thread == 1 ? "orders" : "users", "run-" + thread,
                                    at(i), i + 1));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < rounds; i++) {
            Scope scope = tenant("t" + i);
            Instant expected = at(i);
            for (DatasetKey dataset : List.of(key("orders"), key("users"))) {
                assertThat(store().status(scope, dataset)).as(scope + "/" + dataset).hasValueSatisfying(status ->
                        assertThat(status.lastSuccess()).hasValueSatisfying(success ->
                                assertThat(success.at()).isEqualTo(expected)));
            }
        }
    }
}
