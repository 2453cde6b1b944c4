package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reads for one scope never return another's: the same dataset keys and run ids are written to the global
 * scope and to tenants whose ids differ only in letter case or by a suffix.
 */
abstract class TenantIsolationContract extends ContractPart {

    private static final Scope GLOBAL = Scope.global();
    private static final Scope LOWER = tenant("acme");
    private static final Scope UPPER = tenant("ACME");
    private static final Scope LONGER = tenant("acme-eu");
    private static final List<Scope> WRITTEN = List.of(GLOBAL, LOWER, UPPER, LONGER);

    @BeforeEach
    void writeTheSameKeysToEveryScope() {
        for (int i = 0; i < WRITTEN.size(); i++) {
            Scope scope = WRITTEN.get(i);
            apply(started(scope, "orders", "run-1", at(i)), succeeded(scope, "orders", "run-1", at(10 + i), i),
                    failed(scope, "Orders", "run-2", at(20 + i), "failed in " + scope),
                    started(scope, "orders", "run-3", at(30 + i)));
        }
    }

    @Test
    void eachScopeReadsOnlyItsOwnStatus() {
        for (int i = 0; i < WRITTEN.size(); i++) {
            Scope scope = WRITTEN.get(i);
            assertThat(statusOf(scope, "orders")).isEqualTo(DatasetStatus.of(scope, key("orders"),
                    new DatasetStatus.Start(run("run-3"), at(30 + i)),
                    new DatasetStatus.Success(run("run-1"), at(10 + i), i), null,
                    List.of(new DatasetStatus.Start(run("run-3"), at(30 + i)))));
            assertThat(statusOf(scope, "Orders").lastFailure().orElseThrow().error()).isEqualTo(error("failed in " + scope));
            assertThat(statusesOf(scope, Set.of(key("orders"), key("Orders"))).values())
                    .extracting(DatasetStatus::scope).containsOnly(scope);
        }
    }

    @Test
    void eachScopeReadsOnlyItsOwnHistory() {
        for (Scope scope : WRITTEN) {
            assertThat(store().history(scope, key("orders"), 10))
                    .extracting(RunRecord::scope, record -> record.runId().value())
                    .containsExactlyInAnyOrder(tuple(scope, "run-1"),
                            tuple(scope, "run-3"));
        }
    }

    @Test
    void aScopeWithNothingRecordedReadsNothing() {
        Scope untouched = tenant("acme-us");
        assertThat(store().status(untouched, key("orders"))).isEmpty();
        assertThat(statusesOf(untouched, Set.of(key("orders"), key("Orders")))).isEmpty();
        assertThat(store().history(untouched, key("orders"), 10)).isEmpty();
    }

    @Test
    void aRunsHistoryKeepsEachScopeApart() {
        assertThat(store().runHistory(run("run-1")))
                .extracting(RunRecord::scope, RunRecord::recordsAffected)
                .containsExactly(tuple(GLOBAL, 0L),
                        tuple(UPPER, 2L),
                        tuple(LOWER, 1L),
                        tuple(LONGER, 3L));
    }

    @Test
    void theCrossScopeReadReturnsOneStatusPerScope() {
        List<DatasetStatus> statuses = store().statusesAcrossScopes(CrossScopeQuery.of(Set.of(key("orders")))).statuses();

        assertThat(statuses).extracting(DatasetStatus::scope).containsExactly(GLOBAL, UPPER, LOWER, LONGER);
        for (DatasetStatus status : statuses) {
            assertThat(status).isEqualTo(statusOf(status.scope(), "orders"));
        }
    }

    @Test
    void datasetKeysAreCaseSensitive() {
        DatasetKey lower = key("orders");
        DatasetKey upper = key("Orders");
        assertThat(statusesOf(LOWER, Set.of(lower, upper))).containsOnlyKeys(lower, upper);
        assertThat(statusOf(LOWER, "orders").lastFailure()).isEmpty();
        assertThat(statusOf(LOWER, "Orders").lastSuccess()).isEmpty();
    }
}
