package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every argument of {@link DatasetFreshness} and {@link FreshnessRecords} is checked before the store is called:
 * a store that notes every call proves that nothing reached it.
 */
class DatasetFreshnessValidationTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final RunId RUN = RunId.of("run-1");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .page("dashboard", "Dashboard", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    private final UntouchedStore store = new UntouchedStore();
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG)
            .withClock(Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC))
            .build();
    private final FreshnessRecords records = freshness.records();

    @AfterEach
    void nothingReachedTheStore() {
        // Asking whether the store may block is no read and no write; anything else is.
        assertThat(store.calls).isEmpty();
    }

    @Test
    void recordStartChecksEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> records.recordStart(null, "orders", RUN, null));
        assertRejected(NullPointerException.class, "dataset key must not be null", () -> records.recordStart(ACME, null, RUN, null));
        assertRejected(IllegalArgumentException.class, "dataset key must not be blank", () -> records.recordStart(ACME, " ", RUN, null));
        assertRejected(IllegalArgumentException.class, "dataset key 'ad/x' has '/'", () -> records.recordStart(ACME, "ad/x", RUN, null));
        assertRejected(NullPointerException.class, "runId must not be null", () -> records.recordStart(ACME, "orders", null, null));
        assertRejected(IllegalArgumentException.class, "jobName 'a;b' has ';'", () -> records.recordStart(ACME, "orders", RUN, "a;b"));
    }

    @Test
    void recordSuccessChecksEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> records.recordSuccess(null, "orders", RUN, 1));
        assertRejected(IllegalArgumentException.class, "dataset key must be at most 100 characters",
                () -> records.recordSuccess(ACME, "k".repeat(101), RUN, 1));
        assertRejected(NullPointerException.class, "runId must not be null", () -> records.recordSuccess(ACME, "orders", null, 1));
        assertRejected(IllegalArgumentException.class, "recordsAffected must be >= 0, was -1",
                () -> records.recordSuccess(ACME, "orders", RUN, -1));
    }

    @Test
    void recordFailureChecksEveryArgument() {
        assertRejected(NullPointerException.class, "error must not be null",
                () -> records.recordFailure(ACME, "orders", RUN, (Throwable) null));
        assertRejected(NullPointerException.class, "error must not be null",
                () -> records.recordFailure(ACME, "orders", RUN, (JobError) null));
        assertRejected(NullPointerException.class, "scope must not be null",
                () -> records.recordFailure(null, "orders", RUN, new RuntimeException()));
        assertRejected(IllegalArgumentException.class, "dataset key 'a b' has",
                () -> records.recordFailure(ACME, "a b", RUN, new RuntimeException()));
        assertRejected(NullPointerException.class, "runId must not be null",
                () -> records.recordFailure(ACME, "orders", null, new RuntimeException()));
    }

    @Test
    void readsCheckEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> records.status(null, "orders"));
        assertRejected(IllegalArgumentException.class, "dataset key 'a\\u0000' has", () -> records.status(ACME, "a\u0000"));
        assertRejected(NullPointerException.class, "scope must not be null", () -> records.statuses(null, List.of("orders")));
        assertRejected(NullPointerException.class, "datasets must not be null", () -> records.statuses(ACME, null));
        assertRejected(NullPointerException.class, "dataset key must not be null",
                () -> records.statuses(ACME, Arrays.asList("orders", null)));
        assertRejected(IllegalArgumentException.class, "dataset key 'x\"' has",
                () -> records.statuses(ACME, List.of("orders", "x\"")));
        assertRejected(NullPointerException.class, "runId must not be null", () -> records.runHistory(null));
        assertRejected(NullPointerException.class, "scope must not be null", () -> records.history(null, "orders", 1));
        assertRejected(IllegalArgumentException.class, "dataset key must not be blank", () -> records.history(ACME, "", 1));
        assertRejected(IllegalArgumentException.class, "limit must be > 0, was 0", () -> records.history(ACME, "orders", 0));
    }

    @Test
    void statusesLastSucceededBeforeChecksEveryArgumentBeforeTheStreamIsConsumed() {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        assertRejected(NullPointerException.class, "dataset key must not be null",
                () -> records.statusesLastSucceededBefore(null, now));
        assertRejected(IllegalArgumentException.class, "dataset key 'a b' has",
                () -> records.statusesLastSucceededBefore("a b", now));
        assertRejected(NullPointerException.class, "lastSucceededBefore must not be null",
                () -> records.statusesLastSucceededBefore("orders", null));
        // A stream that is not consumed reads nothing.
        records.statusesLastSucceededBefore("orders", now);
    }

    @Test
    void pruneHistoryOlderThanChecksTheAge() {
        assertRejected(NullPointerException.class, "age must not be null", () -> records.pruneHistoryOlderThan(null));
        assertRejected(IllegalArgumentException.class, "age must not be negative, was PT-1S",
                () -> records.pruneHistoryOlderThan(Duration.ofSeconds(-1)));
    }

    @Test
    void reportsAndCrossScopeChecksCheckEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.report(null, "dashboard"));
        assertRejected(NullPointerException.class, "pageKey must not be null", () -> freshness.report(ACME, null));
        assertRejected(IllegalArgumentException.class, "pageKey 'dashbaord' is not a page of the catalog; its pages are [dashboard]",
                () -> freshness.report(ACME, "dashbaord"));
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.reportOrUnreadable(null, "dashboard"));
        assertRejected(IllegalArgumentException.class, "pageKey 'nope' is not a page",
                () -> freshness.reportOrUnreadable(ACME, "nope"));
        assertRejected(NullPointerException.class, "pageKey must not be null", () -> freshness.staleScopes(null));
        assertRejected(IllegalArgumentException.class, "pageKey 'nope' is not a page", () -> freshness.staleScopes("nope"));
        assertRejected(IllegalArgumentException.class, "limit must be > 0, was 0", () -> freshness.staleScopes("dashboard", null, 0));
        assertRejected(IllegalArgumentException.class, "pageKey 'nope' is not a page", () -> freshness.isAnyScopeStale("nope"));
        assertRejected(NullPointerException.class, "expectedTenants must not be null",
                () -> freshness.tenantsNeverSucceeded("dashboard", null));
        assertRejected(IllegalArgumentException.class, "pageKey 'nope' is not a page",
                () -> freshness.tenantsNeverSucceeded("nope", List.of("acme")));
    }

    @Test
    void trackingChecksItsArgumentsBeforeAnythingRuns() {
        assertRejected(NullPointerException.class, "dataset key must not be null", () -> freshness.track(ACME, null));
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.track((java.util.Optional<Scope>) null, "orders"));
        assertRejected(IllegalArgumentException.class, "jobName 'meta sync' has", () -> freshness.job("meta sync"));
        assertRejected(IllegalArgumentException.class, "dataset key 'a b' has", () -> freshness.start(ACME, "a b"));
    }

    @Test
    void theBuilderChecksItsArguments() {
        assertRejected(NullPointerException.class, "store must not be null", () -> DatasetFreshness.using(null, CATALOG));
        assertRejected(NullPointerException.class, "catalog must not be null", () -> DatasetFreshness.using(store, null));
        assertRejected(NullPointerException.class, "clock must not be null", () -> DatasetFreshness.using(store, CATALOG).withClock(null));
        assertRejected(NullPointerException.class, "errorRedactor must not be null",
                () -> DatasetFreshness.using(store, CATALOG).withErrorRedactor(null));
    }

    @Test
    void theBuilderKeepsTheCatalogAndDefaultsToTheUtcSystemClock() {
        DatasetFreshness built = DatasetFreshness.using(store, CATALOG).build();

        assertThat(built.catalog()).isSameAs(CATALOG);
        assertThat(built.clock()).isEqualTo(Clock.systemUTC());
        assertThat(built.records()).isSameAs(built.records());
    }

    private static void assertRejected(Class<? extends RuntimeException> type, String messageStart, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(type).hasMessageStartingWith(messageStart);
    }

    /** A store that notes every call but {@link #mayBlock()}, and answers as an empty store would. */
    private static final class UntouchedStore implements FreshnessStore {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void apply(RunEvent event) {
            calls.add("apply " + event);
        }

        @Override
        public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
            calls.add("createStatusesIfAbsent " + scope + " " + datasets);
        }

        @Override
        public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
            calls.add("status " + scope + " " + dataset);
            return Optional.empty();
        }

        @Override
        public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
            calls.add("statuses " + scopes + " " + datasets);
            return List.of();
        }

        @Override
        public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
            calls.add("statusesAcrossScopes " + query);
            return new StatusPage(List.of(), null);
        }

        @Override
        public List<RunRecord> runHistory(RunId runId) {
            calls.add("runHistory " + runId);
            return List.of();
        }

        @Override
        public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
            calls.add("history " + scope + " " + dataset);
            return List.of();
        }

        @Override
        public int pruneHistory(Instant olderThan) {
            calls.add("pruneHistory " + olderThan);
            return 0;
        }
    }
}
