package dev.freshness.acceptance.foundation;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
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
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("users", "Users")
            .page("dashboard", "Dashboard", Requirement.of("orders", Duration.ofHours(24)),
                    Requirement.of("users", Duration.ofHours(24)))
            .build();

    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-01-05T09:00:00Z"));
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();

    @BeforeEach
    void recordSomeRuns() {
        freshness.records().recordStart(ACME, "orders", RUN, "nightly");
        freshness.records().recordSuccess(ACME, "orders", RUN, 12);
        freshness.records().recordFailure(Scope.global(), "users", RunId.of("run-2"), new IllegalStateException("boom"));
        freshness.records().recordStart(ACME, "users", RunId.of("run-3"), null);
    }

    @AfterEach
    void close() {
        freshness.close();
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                bad("null dataset key", NullPointerException.class, "dataset key", f -> f.records().recordStart(ACME, null, RUN, null)),
                bad("empty dataset key", IllegalArgumentException.class, "dataset key", f -> f.records().recordStart(ACME, "", RUN, null)),
                bad("blank dataset key", IllegalArgumentException.class, "dataset key", f -> f.records().recordSuccess(ACME, "  ", RUN, 1)),
                bad("key with a space", IllegalArgumentException.class, "dataset key", f -> f.records().recordStart(ACME, "ad assets", RUN, null)),
                bad("key with a slash", IllegalArgumentException.class, "dataset key", f -> f.records().recordStart(ACME, "ad/assets", RUN, null)),
                bad("key with a quote", IllegalArgumentException.class, "dataset key", f -> f.records().recordStart(ACME, "ad'assets", RUN, null)),
                bad("key with a double quote", IllegalArgumentException.class, "dataset key",
                        f -> f.records().recordStart(ACME, "ad\"assets", RUN, null)),
                bad("key with a semicolon", IllegalArgumentException.class, "dataset key",
                        f -> f.records().recordStart(ACME, "ads;DROP TABLE x", RUN, null)),
                bad("key with a control character", IllegalArgumentException.class, "dataset key",
                        f -> f.records().recordStart(ACME, "ads\u0000", RUN, null)),
                bad("key of 101 characters", IllegalArgumentException.class, "dataset key",
                        f -> f.records().recordSuccess(ACME, "k".repeat(101), RUN, 1)),
                bad("tracked key with a space", IllegalArgumentException.class, "dataset key",
                        f -> f.track(ACME, "ad assets").run(() -> { })),
                bad("tenant id equal to the global key", IllegalArgumentException.class, "tenantId",
                        f -> f.records().recordStart(Scope.tenant("*"), "orders", RUN, null)),
                bad("tenant id imitating global", IllegalArgumentException.class, "tenantId",
                        f -> f.records().recordStart(Scope.tenant("GLOBAL"), "orders", RUN, null)),
                bad("tenant id starting with the global key", IllegalArgumentException.class, "tenantId",
                        f -> f.records().recordStart(Scope.tenant("*acme"), "orders", RUN, null)),
                bad("blank tenant id", IllegalArgumentException.class, "tenantId",
                        f -> f.records().recordStart(Scope.tenant(" "), "orders", RUN, null)),
                bad("null tenant id", NullPointerException.class, "tenantId",
                        f -> f.records().recordStart(Scope.tenant(null), "orders", RUN, null)),
                bad("null scope", NullPointerException.class, "scope", f -> f.records().recordSuccess(null, "orders", RUN, 1)),
                bad("negative records affected", IllegalArgumentException.class, "recordsAffected",
                        f -> f.records().recordSuccess(ACME, "orders", RUN, -1)),
                bad("null error", NullPointerException.class, "error",
                        f -> f.records().recordFailure(ACME, "orders", RUN, (Throwable) null)),
                bad("null job error", NullPointerException.class, "error",
                        f -> f.records().recordFailure(ACME, "orders", RUN, (JobError) null)),
                bad("blank run id", IllegalArgumentException.class, "runId",
                        f -> f.records().recordStart(ACME, "orders", RunId.of(" "), null)),
                bad("empty run id", IllegalArgumentException.class, "runId",
                        f -> f.records().recordStart(ACME, "orders", RunId.of(""), null)),
                bad("null run id", NullPointerException.class, "runId", f -> f.records().recordSuccess(ACME, "orders", null, 1)),
                bad("bad job name", IllegalArgumentException.class, "jobName",
                        f -> f.records().recordStart(ACME, "orders", RUN, "nightly job")),
                bad("history limit 0", IllegalArgumentException.class, "limit", f -> f.records().history(ACME, "orders", 0)),
                bad("null cutoff of the cross-scope read", NullPointerException.class, "lastSucceededBefore",
                        f -> f.records().statusesLastSucceededBefore("orders", null)),
                bad("null prune age", NullPointerException.class, "age", f -> f.records().pruneHistoryOlderThan(null)),
                bad("negative prune age", IllegalArgumentException.class, "age",
                        f -> f.records().pruneHistoryOlderThan(Duration.ofDays(-1))),
                bad("unknown page", IllegalArgumentException.class, "pageKey", f -> f.report(ACME, "dashbaord")),
                bad("stale scopes page size 0", IllegalArgumentException.class, "limit",
                        f -> f.staleScopes("dashboard", null, 0)),
                bad("expected tenant that is no tenant id", IllegalArgumentException.class, "tenantId",
                        f -> f.tenantsNeverSucceeded("dashboard", List.of("acme", "*"))));
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
            stored.add(freshness.records().statuses(scope, DATASETS));
            for (String dataset : DATASETS) {
                stored.add(Set.copyOf(freshness.records().history(scope, dataset, 100)));
            }
        }
        for (String dataset : DATASETS) {
            stored.add(freshness.records().statusesLastSucceededBefore(dataset, Instant.MAX).toList());
        }
        for (String runId : List.of("run-1", "run-2", "run-3")) {
            stored.add(Set.<RunRecord>copyOf(freshness.records().runHistory(RunId.of(runId))));
        }
        return stored;
    }
}
