package dev.freshness;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;
import dev.freshness.report.internal.StoreReads;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import dev.freshness.track.RedeliveryStatus;
import dev.freshness.track.internal.Tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The raw facts behind the verdicts, from {@link DatasetFreshness#records()}: statuses and run history as the
 * store keeps them, events recorded explicitly, and pruning. Pages need none of this (they read
 * {@link DatasetFreshness#report}); admin screens, migrations and scheduler callbacks do.
 *
 * <p>Every method validates its arguments before the store is called, and throws a {@link StoreException} when
 * the store fails. Thread-safe.
 */
public final class FreshnessRecords {

    /** How many statuses one store call reads when {@link #statusesLastSucceededBefore} walks across scopes. */
    public static final int STATUSES_PER_READ = CrossScopeQuery.DEFAULT_LIMIT;

    private final FreshnessStore store;
    private final Tracking tracking;
    private final Clock clock;
    private final ErrorRedactor errorRedactor;

    FreshnessRecords(FreshnessStore store, Tracking tracking, Clock clock, ErrorRedactor errorRedactor) {
        this.store = store;
        this.tracking = tracking;
        this.clock = clock;
        this.errorRedactor = errorRedactor;
    }

    // ---- redelivery -------------------------------------------------------------------------------------------

    /**
     * Where the redelivery of tracked events stands: how many events a tracked job could not write wait in the
     * queue, how many were dropped because it was full, how many were written late. No store call; for metrics
     * and health checks.
     */
    public RedeliveryStatus redeliveryStatus() {
        return tracking.redeliveryStatus();
    }

    // ---- explicit recording -----------------------------------------------------------------------------------

    /** Records now that {@code runId} started refreshing {@code dataset} for {@code scope}, with no job name. */
    public void recordStart(Scope scope, String dataset, RunId runId) {
        recordStart(scope, dataset, runId, null);
    }

    /**
     * Records now that {@code runId} started refreshing {@code dataset} for {@code scope}, for events that come
     * from elsewhere (a scheduler's callback, a message). Jobs are better {@linkplain DatasetFreshness#track
     * tracked}: these methods write on the caller's thread and throw when the store fails.
     *
     * @param jobName the job's name (letters, digits, {@code _ . -}), or null
     */
    public void recordStart(Scope scope, String dataset, RunId runId, String jobName) {
        tracking.recordNow(new RunEvent.Started(scope, tracking.declaredDataset(dataset), runId, clock.instant(), jobName));
    }

    /** Records now that {@code runId} refreshed {@code dataset} for {@code scope}, affecting {@code recordsAffected} records. */
    public void recordSuccess(Scope scope, String dataset, RunId runId, long recordsAffected) {
        tracking.recordNow(new RunEvent.Succeeded(scope, tracking.declaredDataset(dataset), runId, clock.instant(),
                recordsAffected));
    }

    /**
     * Records now that {@code runId} failed to refresh {@code dataset} for {@code scope}, with {@code error}, its
     * text passed through the instance's {@linkplain DatasetFreshness.Builder#withErrorRedactor error redactor}.
     */
    public void recordFailure(Scope scope, String dataset, RunId runId, Throwable error) {
        Checks.notNull(error, "error");
        recordFailure(scope, dataset, runId, JobError.of(error, errorRedactor));
    }

    /** Records now that {@code runId} failed to refresh {@code dataset} for {@code scope}, with {@code error}. */
    public void recordFailure(Scope scope, String dataset, RunId runId, JobError error) {
        tracking.recordNow(new RunEvent.Failed(scope, tracking.declaredDataset(dataset), runId, clock.instant(), error));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** The status of {@code dataset} in {@code scope}; {@linkplain DatasetStatus#isEmpty() empty} when never recorded. */
    public DatasetStatus status(Scope scope, String dataset) {
        Checks.notNull(scope, "scope");
        DatasetKey key = DatasetKey.of(dataset);
        return StoreReads.call(() -> "read the status of " + scope + "/" + key, () -> store.status(scope, key))
                .orElseGet(() -> DatasetStatus.empty(scope, key));
    }

    /**
     * The statuses of several datasets of one scope, read in one store call, in the order given. Every
     * requested dataset is in the result; the ones never recorded have an empty status.
     */
    public Map<DatasetKey, DatasetStatus> statuses(Scope scope, Collection<String> datasets) {
        Checks.notNull(scope, "scope");
        Checks.notNull(datasets, "datasets");
        Set<DatasetKey> keys = new LinkedHashSet<>();
        for (String dataset : datasets) {
            keys.add(DatasetKey.of(dataset));
        }
        Map<DatasetKey, DatasetStatus> result = new LinkedHashMap<>();
        keys.forEach(key -> result.put(key, DatasetStatus.empty(scope, key)));
        if (!keys.isEmpty()) {
            StoreReads.call(() -> "read the statuses of " + scope, () -> store.statuses(Set.of(scope), Set.copyOf(keys)))
                    .stream().filter(status -> status.scope().equals(scope) && result.containsKey(status.dataset()))
                    .forEach(status -> result.put(status.dataset(), status));
        }
        return result;
    }

    /**
     * The statuses of {@code dataset} in every scope whose last success is before {@code lastSucceededBefore},
     * or that never succeeded, ordered by scope key. The stream reads the store lazily,
     * {@value #STATUSES_PER_READ} statuses per call, so it can walk any number of scopes; a store failure while
     * it is consumed is thrown then, as a {@link StoreException}.
     */
    public Stream<DatasetStatus> statusesLastSucceededBefore(String dataset, Instant lastSucceededBefore) {
        DatasetKey key = DatasetKey.of(dataset);
        Checks.notNull(lastSucceededBefore, "lastSucceededBefore");
        CrossScopeQuery first = CrossScopeQuery.of(Set.of(key)).lastSucceededBefore(lastSucceededBefore);
        Iterator<DatasetStatus> pages = new Iterator<>() {
            private CrossScopeQuery next = first;
            private Iterator<DatasetStatus> current = List.<DatasetStatus>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next != null) {
                    CrossScopeQuery query = next;
                    StatusPage page = StoreReads.call(() -> "read the statuses of " + key + " across scopes",
                            () -> store.statusesAcrossScopes(query));
                    current = page.statuses().iterator();
                    next = page.nextPage().map(query::after).orElse(null);
                }
                return current.hasNext();
            }

            @Override
            public DatasetStatus next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /** The latest {@code limit} history records of {@code dataset} in {@code scope}, newest first. */
    public List<RunRecord> history(Scope scope, String dataset, int limit) {
        Checks.notNull(scope, "scope");
        DatasetKey key = DatasetKey.of(dataset);
        Checks.positive(limit, "limit");
        return StoreReads.call(() -> "read the history of " + scope + "/" + key, () -> store.history(scope, key, limit));
    }

    /** Every history record of one run, across the scopes and datasets it touched. */
    public List<RunRecord> runHistory(RunId runId) {
        Checks.notNull(runId, "runId");
        return StoreReads.call(() -> "read the history of run " + runId, () -> store.runHistory(runId));
    }

    /**
     * Deletes history older than {@code age} (each dataset's record of its last success is kept; statuses are
     * never touched).
     *
     * @return how many history records were deleted
     */
    public int pruneHistoryOlderThan(Duration age) {
        Checks.notNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, was " + age);
        }
        Instant cutoff;
        try {
            cutoff = clock.instant().minus(age);
        } catch (ArithmeticException | java.time.DateTimeException beyond) {
            return 0;
        }
        if (!cutoff.isAfter(RunEvent.EARLIEST)) {
            return 0;
        }
        return StoreReads.call(() -> "prune history older than " + cutoff, () -> store.pruneHistory(cutoff));
    }

}
