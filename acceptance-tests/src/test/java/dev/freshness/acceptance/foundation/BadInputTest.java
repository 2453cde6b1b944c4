package dev.freshness.acceptance.foundation;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad input of the foundation issue, through the entry point over a real store: each call fails with an
 * exception that names the parameter, and the store holds exactly what it held before.
 */
class BadInputTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final RunId RUN = RunId.of("run-1");
    private static final List<String> DATASETS = List.of("orders", "users");

    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-01-05T09:00:00Z"));
    private final DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();

    @BeforeEach
    void recordSomeRuns() {
        freshness.recordStart(ACME, "orders", RUN, "nightly");
        freshness.recordSuccess(ACME, "orders", RUN, 12);
        freshness.recordFailure(Scope.global(), "users", RunId.of("run-2"), new IllegalStateException("boom"));
        freshness.recordStart(ACME, "users", RunId.of("run-3"));
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                bad("null dataset key", NullPointerException.class, "dataset key", f -> f.recordStart(ACME, null, RUN)),
                bad("empty dataset key", IllegalArgumentException.class, "dataset key", f -> f.recordStart(ACME, "", RUN)),
                bad("blank dataset key", IllegalArgumentException.class, "dataset key", f -> f.recordSuccess(ACME, "  ", RUN, 1)),
                bad("key with a space", IllegalArgumentException.class, "dataset key", f -> f.recordStart(ACME, "ad assets", RUN)),
                bad("key with a slash", IllegalArgumentException.class, "dataset key", f -> f.recordStart(ACME, "ad/assets", RUN)),
                bad("key with a quote", IllegalArgumentException.class, "dataset key", f -> f.recordStart(ACME, "ad'assets", RUN)),
                bad("key with a double quote", IllegalArgumentException.class, "dataset key", f -> f.recordStart(ACME, "ad\"assets", RUN)),
                bad("key with a semicolon", IllegalArgumentException.class, "dataset key",
                        f -> f.recordStart(ACME, "ads;DROP TABLE x", RUN)),
                bad("key with a control character", IllegalArgumentException.class, "dataset key",
                        f -> f.recordStart(ACME, "ads\u0000", RUN)),
                bad("key of 101 characters", IllegalArgumentException.class, "dataset key",
                        f -> f.recordSuccess(ACME, "k".repeat(101), RUN, 1)),
                bad("tenant id equal to the global key", IllegalArgumentException.class, "tenantId",
                        f -> f.recordStart(Scope.tenant("*"), "orders", RUN)),
                bad("tenant id imitating global", IllegalArgumentException.class, "tenantId",
                        f -> f.recordStart(Scope.tenant("GLOBAL"), "orders", RUN)),
                bad("tenant id starting with the global key", IllegalArgumentException.class, "tenantId",
                        f -> f.recordStart(Scope.tenant("*acme"), "orders", RUN)),
                bad("blank tenant id", IllegalArgumentException.class, "tenantId", f -> f.recordStart(Scope.tenant(" "), "orders", RUN)),
                bad("null tenant id", NullPointerException.class, "tenantId", f -> f.recordStart(Scope.tenant(null), "orders", RUN)),
                bad("null scope", NullPointerException.class, "scope", f -> f.recordSuccess(null, "orders", RUN, 1)),
                bad("negative records affected", IllegalArgumentException.class, "recordsAffected",
                        f -> f.recordSuccess(ACME, "orders", RUN, -1)),
                bad("null error", NullPointerException.class, "error", f -> f.recordFailure(ACME, "orders", RUN, (Throwable) null)),
                bad("null job error", NullPointerException.class, "error", f -> f.recordFailure(ACME, "orders", RUN, (JobError) null)),
                bad("blank run id", IllegalArgumentException.class, "runId", f -> f.recordStart(ACME, "orders", RunId.of(" "))),
                bad("empty run id", IllegalArgumentException.class, "runId", f -> f.recordStart(ACME, "orders", RunId.of(""))),
                bad("null run id", NullPointerException.class, "runId", f -> f.recordSuccess(ACME, "orders", null, 1)),
                bad("bad job name", IllegalArgumentException.class, "jobName", f -> f.recordStart(ACME, "orders", RUN, "nightly job")),
                bad("history limit 0", IllegalArgumentException.class, "limit", f -> f.history(ACME, "orders", 0)),
                bad("cross-scope page size 0", IllegalArgumentException.class, "pageSize",
                        f -> f.statusesLastSucceededBefore("orders", Instant.EPOCH, 0)),
                bad("empty cross-scope query", IllegalArgumentException.class, "datasets",
                        f -> f.statusesAcrossScopes(CrossScopeQuery.of(Set.of()))),
                bad("null prune age", NullPointerException.class, "age", f -> f.pruneHistoryOlderThan(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void isRejectedNamingTheParameterAndWritesNothing(Class<? extends Exception> type, String parameter,
                                                      Consumer<DatasetFreshness> call) {
        List<Object> before = everythingStored();

        assertThatThrownBy(() -> call.accept(freshness)).isInstanceOf(type).hasMessageContaining(parameter);

        assertThat(everythingStored()).isEqualTo(before);
    }

    private static Arguments bad(String description, Class<? extends Exception> type, String parameter,
                                 Consumer<DatasetFreshness> call) {
        return arguments(Named.of(description, type), parameter, call);
    }

    private List<Object> everythingStored() {
        List<Object> stored = new ArrayList<>();
        for (Scope scope : List.of(ACME, Scope.global())) {
            stored.add(freshness.statuses(scope, DATASETS));
            for (String dataset : DATASETS) {
                stored.add(Set.copyOf(freshness.history(scope, dataset, 100)));
            }
        }
        stored.add(freshness.statusesAcrossScopes(CrossScopeQuery.of(Set.of(DatasetKey.of("orders"), DatasetKey.of("users")))));
        for (String runId : List.of("run-1", "run-2", "run-3")) {
            stored.add(Set.<RunRecord>copyOf(freshness.runHistory(RunId.of(runId))));
        }
        return stored;
    }
}
