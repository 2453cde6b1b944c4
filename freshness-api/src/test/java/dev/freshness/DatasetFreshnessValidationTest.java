package dev.freshness;

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
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Every argument of {@link DatasetFreshness} is checked before the store is called: a mock store proves that
 * nothing reached it.
 */
class DatasetFreshnessValidationTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final RunId RUN = RunId.of("run-1");

    private final FreshnessStore store = mock(FreshnessStore.class);
    private final DatasetFreshness freshness = DatasetFreshness.using(store)
            .withClock(Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC))
            .build();

    @AfterEach
    void nothingReachedTheStore() {
        // Asking whether the store may block is no read and no write; anything else is.
        verify(store, atMost(2)).mayBlock(); // once per instance built here
        verifyNoMoreInteractions(store);
    }

    @Test
    void recordStartChecksEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.recordStart(null, "orders", RUN));
        assertRejected(NullPointerException.class, "dataset key must not be null", () -> freshness.recordStart(ACME, null, RUN));
        assertRejected(IllegalArgumentException.class, "dataset key must not be blank", () -> freshness.recordStart(ACME, " ", RUN));
        assertRejected(IllegalArgumentException.class, "dataset key 'ad/x' has '/'", () -> freshness.recordStart(ACME, "ad/x", RUN));
        assertRejected(NullPointerException.class, "runId must not be null", () -> freshness.recordStart(ACME, "orders", null));
        assertRejected(IllegalArgumentException.class, "jobName 'a;b' has ';'", () -> freshness.recordStart(ACME, "orders", RUN, "a;b"));
    }

    @Test
    void recordSuccessChecksEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.recordSuccess(null, "orders", RUN, 1));
        assertRejected(IllegalArgumentException.class, "dataset key must be at most 100 characters",
                () -> freshness.recordSuccess(ACME, "k".repeat(101), RUN, 1));
        assertRejected(NullPointerException.class, "runId must not be null", () -> freshness.recordSuccess(ACME, "orders", null, 1));
        assertRejected(IllegalArgumentException.class, "recordsAffected must be >= 0, was -1",
                () -> freshness.recordSuccess(ACME, "orders", RUN, -1));
    }

    @Test
    void recordFailureChecksEveryArgument() {
        assertRejected(NullPointerException.class, "error must not be null",
                () -> freshness.recordFailure(ACME, "orders", RUN, (Throwable) null));
        assertRejected(NullPointerException.class, "error must not be null",
                () -> freshness.recordFailure(ACME, "orders", RUN, (JobError) null));
        assertRejected(NullPointerException.class, "scope must not be null",
                () -> freshness.recordFailure(null, "orders", RUN, new RuntimeException()));
        assertRejected(IllegalArgumentException.class, "dataset key 'a b' has",
                () -> freshness.recordFailure(ACME, "a b", RUN, new RuntimeException()));
        assertRejected(NullPointerException.class, "runId must not be null",
                () -> freshness.recordFailure(ACME, "orders", null, new RuntimeException()));
    }

    @Test
    void readsCheckEveryArgument() {
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.status(null, "orders"));
        assertRejected(IllegalArgumentException.class, "dataset key 'a\\u0000' has", () -> freshness.status(ACME, "a\u0000"));
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.statuses(null, List.of("orders")));
        assertRejected(NullPointerException.class, "datasets must not be null", () -> freshness.statuses(ACME, null));
        assertRejected(NullPointerException.class, "dataset key must not be null",
                () -> freshness.statuses(ACME, Arrays.asList("orders", null)));
        assertRejected(IllegalArgumentException.class, "dataset key 'x\"' has",
                () -> freshness.statuses(ACME, List.of("orders", "x\"")));
        assertRejected(NullPointerException.class, "query must not be null", () -> freshness.statusesAcrossScopes(null));
        assertRejected(NullPointerException.class, "runId must not be null", () -> freshness.runHistory(null));
        assertRejected(NullPointerException.class, "scope must not be null", () -> freshness.history(null, "orders", 1));
        assertRejected(IllegalArgumentException.class, "dataset key must not be blank", () -> freshness.history(ACME, "", 1));
        assertRejected(IllegalArgumentException.class, "limit must be > 0, was 0", () -> freshness.history(ACME, "orders", 0));
    }

    @Test
    void statusesLastSucceededBeforeChecksEveryArgument() {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        assertRejected(NullPointerException.class, "dataset key must not be null",
                () -> freshness.statusesLastSucceededBefore(null, now, 10));
        assertRejected(NullPointerException.class, "lastSucceededBefore must not be null",
                () -> freshness.statusesLastSucceededBefore("orders", null, 10));
        assertRejected(IllegalArgumentException.class, "pageSize must be > 0, was 0",
                () -> freshness.statusesLastSucceededBefore("orders", now, 0));
        assertRejected(IllegalArgumentException.class, "pageSize must be at most 10000, was 10001",
                () -> freshness.statusesLastSucceededBefore("orders", now, 10_001));
    }

    @Test
    void pruneHistoryOlderThanChecksTheAge() {
        assertRejected(NullPointerException.class, "age must not be null", () -> freshness.pruneHistoryOlderThan(null));
        assertRejected(IllegalArgumentException.class, "age must not be negative, was PT-1S",
                () -> freshness.pruneHistoryOlderThan(Duration.ofSeconds(-1)));
    }

    @Test
    void theBuilderChecksItsArguments() {
        assertRejected(NullPointerException.class, "store must not be null", () -> DatasetFreshness.using(null));
        assertRejected(NullPointerException.class, "clock must not be null", () -> DatasetFreshness.using(store).withClock(null));
        assertRejected(NullPointerException.class, "errorRedactor must not be null",
                () -> DatasetFreshness.using(store).withErrorRedactor(null));
    }

    @Test
    void theBuilderKeepsTheStoreAndDefaultsToTheUtcSystemClock() {
        DatasetFreshness built = DatasetFreshness.using(store).build();

        assertThat(built.store()).isSameAs(store);
        assertThat(built.clock()).isEqualTo(Clock.systemUTC());
    }

    private static void assertRejected(Class<? extends RuntimeException> type, String messageStart, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(type).hasMessageStartingWith(messageStart);
    }
}
