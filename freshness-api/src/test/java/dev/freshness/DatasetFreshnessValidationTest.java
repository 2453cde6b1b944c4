package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Every argument of {@link DatasetFreshness} and {@link FreshnessRecords} is checked before the store is called:
 * a mock store proves that nothing reached it.
 */
class DatasetFreshnessValidationTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final RunId RUN = RunId.of("run-1");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .page("dashboard", "Dashboard", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    private final FreshnessStore store = mock(FreshnessStore.class);
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG)
            .withClock(Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC))
            .build();
    private final FreshnessRecords records = freshness.records();

    @AfterEach
    void nothingReachedTheStore() {
        // Asking whether the store may block is no read and no write; anything else is.
        verify(store, atMost(2)).mayBlock(); // once per instance built here
        verifyNoMoreInteractions(store);
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
}
