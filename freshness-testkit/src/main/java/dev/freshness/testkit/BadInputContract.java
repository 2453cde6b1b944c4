package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad input at the store: a null argument throws {@link NullPointerException}, a bad number
 * {@link IllegalArgumentException}, and neither changes what the store holds.
 */
abstract class BadInputContract extends ContractPart {

    private static final Scope ACME = tenant("acme");
    private static final DatasetKey ORDERS = key("orders");
    private static final Set<DatasetKey> DATASETS = Set.of(ORDERS, key("users"));

    private List<Object> before;

    @BeforeEach
    void writeSomething() {
        apply(started(ACME, "orders", "run-1", at(0)), succeeded(ACME, "orders", "run-1", at(1), 1),
                failed(Scope.global(), "users", "run-2", at(2), "boom"), started(ACME, "users", "run-3", at(3)));
        before = everythingReadable();
    }

    @Test
    void nullArgumentsAreRejected() {
        assertRejected(NullPointerException.class, () -> store().apply(null));
        assertRejected(NullPointerException.class, () -> store().status(null, ORDERS));
        assertRejected(NullPointerException.class, () -> store().status(ACME, null));
        assertRejected(NullPointerException.class, () -> store().statuses(null, DATASETS));
        assertRejected(NullPointerException.class, () -> store().statuses(Set.of(ACME), null));
        Set<DatasetKey> withNull = new HashSet<>();
        withNull.add(null);
        assertRejected(NullPointerException.class, () -> store().statuses(Set.of(ACME), withNull));
        Set<Scope> withNullScope = new HashSet<>();
        withNullScope.add(null);
        assertRejected(NullPointerException.class, () -> store().statuses(withNullScope, DATASETS));
        assertRejected(NullPointerException.class, () -> store().createStatusesIfAbsent(null, DATASETS));
        assertRejected(NullPointerException.class, () -> store().createStatusesIfAbsent(ACME, null));
        assertRejected(NullPointerException.class, () -> store().createStatusesIfAbsent(ACME, withNull));
        assertRejected(NullPointerException.class, () -> store().statusesAcrossScopes(null));
        assertRejected(NullPointerException.class, () -> store().runHistory(null));
        assertRejected(NullPointerException.class, () -> store().history(null, ORDERS, 10));
        assertRejected(NullPointerException.class, () -> store().history(ACME, null, 10));
        assertRejected(NullPointerException.class, () -> store().pruneHistory(null));
    }

    @Test
    void aHistoryLimitBelowOneIsRejected() {
        assertRejected(IllegalArgumentException.class, () -> store().history(ACME, ORDERS, 0));
        assertRejected(IllegalArgumentException.class, () -> store().history(ACME, ORDERS, -1));
    }

    @Test
    void aBadCrossScopeQueryNeverReachesTheStore() {
        assertRejected(IllegalArgumentException.class, () -> store().statusesAcrossScopes(CrossScopeQuery.of(Set.of())));
        assertRejected(IllegalArgumentException.class, () -> store().statusesAcrossScopes(CrossScopeQuery.of(DATASETS).limit(0)));
        assertRejected(IllegalArgumentException.class,
                () -> store().statusesAcrossScopes(CrossScopeQuery.of(DATASETS).limit(CrossScopeQuery.MAX_LIMIT + 1)));
        assertRejected(NullPointerException.class, () -> store().statusesAcrossScopes(CrossScopeQuery.of(null)));
        assertRejected(NullPointerException.class,
                () -> store().statusesAcrossScopes(CrossScopeQuery.of(DATASETS).lastSucceededBefore(null)));
        assertRejected(NullPointerException.class, () -> store().statusesAcrossScopes(CrossScopeQuery.of(DATASETS).after(null)));
    }

    private void assertRejected(Class<? extends RuntimeException> type, Executable call) {
        assertThrows(type, call);
        assertThat(everythingReadable()).as("the store after a rejected call").isEqualTo(before);
    }

    private List<Object> everythingReadable() {
        List<Object> readable = new ArrayList<>();
        for (Scope scope : List.of(ACME, Scope.global())) {
            readable.add(statusesOf(scope, DATASETS));
            for (DatasetKey dataset : DATASETS) {
                readable.add(new HashSet<RunRecord>(store().history(scope, dataset, 100)));
            }
        }
        StatusPage page = store().statusesAcrossScopes(CrossScopeQuery.of(DATASETS));
        readable.add(page.statuses().stream().map(DatasetStatus::toString).toList());
        for (String runId : List.of("run-1", "run-2", "run-3")) {
            readable.add(store().runHistory(run(runId)));
        }
        return readable;
    }
}
