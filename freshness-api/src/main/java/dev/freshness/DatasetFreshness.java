package dev.freshness;

import dev.freshness.internal.Checks;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point: records what job runs did to datasets, and reads how fresh each dataset is, per scope.
 *
 * <pre>{@code
 * DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();
 * freshness.recordStart(Scope.tenant("acme"), "ad_creations", runId);
 * freshness.recordSuccess(Scope.tenant("acme"), "ad_creations", runId, 42);
 * DatasetStatus status = freshness.status(Scope.tenant("acme"), "ad_creations");
 * }</pre>
 *
 * <p>Every argument is validated before the store is called, so bad input never writes anything. The
 * explicit {@code record*} calls let a store exception through; instances are immutable and thread-safe.
 */
public final class DatasetFreshness {

    private final FreshnessStore store;
    private final Clock clock;

    private DatasetFreshness(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
    }

    /** Starts building an instance that keeps its facts in {@code store}. */
    public static Builder using(FreshnessStore store) {
        return new Builder(store);
    }

    /** The store this instance records into. */
    public FreshnessStore store() {
        return store;
    }

    /** The clock that stamps events and that verdicts are computed against. */
    public Clock clock() {
        return clock;
    }

    // ---- recording ----------------------------------------------------------------------------------------

    /** Records that {@code runId} started refreshing {@code dataset} for {@code scope}, now. */
    public void recordStart(Scope scope, String dataset, RunId runId) {
        recordStart(scope, dataset, runId, null);
    }

    /**
     * Records that {@code runId} of job {@code jobName} started refreshing {@code dataset} for {@code scope}.
     *
     * @param jobName the job's name (letters, digits, {@code _ . -}), or null
     */
    public void recordStart(Scope scope, String dataset, RunId runId, String jobName) {
        store.apply(new RunEvent.Started(scope, key(dataset), runId, clock.instant(), jobName));
    }

    /** Records that {@code runId} refreshed {@code dataset} for {@code scope}, affecting {@code recordsAffected} records. */
    public void recordSuccess(Scope scope, String dataset, RunId runId, long recordsAffected) {
        store.apply(new RunEvent.Succeeded(scope, key(dataset), runId, clock.instant(), recordsAffected));
    }

    /** Records that {@code runId} failed to refresh {@code dataset} for {@code scope}, with {@code error}. */
    public void recordFailure(Scope scope, String dataset, RunId runId, Throwable error) {
        Checks.notNull(error, "error");
        recordFailure(scope, dataset, runId, JobError.of(error));
    }

    /** Records that {@code runId} failed to refresh {@code dataset} for {@code scope}, with {@code error}. */
    public void recordFailure(Scope scope, String dataset, RunId runId, JobError error) {
        store.apply(new RunEvent.Failed(scope, key(dataset), runId, clock.instant(), error));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** The status of {@code dataset} in {@code scope}; {@linkplain DatasetStatus#isEmpty() empty} when never recorded. */
    public DatasetStatus status(Scope scope, String dataset) {
        Checks.notNull(scope, "scope");
        DatasetKey key = key(dataset);
        return store.status(scope, key).orElseGet(() -> DatasetStatus.empty(scope, key));
    }

    /**
     * The statuses of several datasets of one scope, read in one store call, in the order given. Every
     * requested dataset is in the result; the ones never recorded have an empty status.
     */
    public Map<DatasetKey, DatasetStatus> statuses(Scope scope, Collection<String> datasets) {
        Checks.notNull(scope, "scope");
        Checks.notNull(datasets, "datasets");
        Set<DatasetKey> keys = new TreeSet<>();
        List<DatasetKey> ordered = datasets.stream().map(DatasetFreshness::key).distinct().toList();
        keys.addAll(ordered);
        Map<DatasetKey, DatasetStatus> found = keys.isEmpty() ? Map.of() : store.statuses(scope, keys);
        Map<DatasetKey, DatasetStatus> result = new LinkedHashMap<>();
        for (DatasetKey key : ordered) {
            result.put(key, found.getOrDefault(key, DatasetStatus.empty(scope, key)));
        }
        return result;
    }

    /**
     * One page of the statuses of {@code dataset} across every scope whose last success is before
     * {@code lastSucceededBefore} or that never succeeded. Pass the returned page's cursor to
     * {@link #statusesAcrossScopes(CrossScopeQuery)} to read on.
     *
     * @param pageSize the most statuses returned, 1 to {@value CrossScopeQuery#MAX_LIMIT}
     */
    public StatusPage statusesLastSucceededBefore(String dataset, Instant lastSucceededBefore, int pageSize) {
        DatasetKey key = key(dataset);
        Checks.notNull(lastSucceededBefore, "lastSucceededBefore");
        Checks.positive(pageSize, "pageSize");
        if (pageSize > CrossScopeQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("pageSize must be at most " + CrossScopeQuery.MAX_LIMIT + ", was " + pageSize);
        }
        return statusesAcrossScopes(CrossScopeQuery.of(Set.of(key))
                .lastSucceededBefore(lastSucceededBefore).limit(pageSize));
    }

    /** One page of statuses across scopes; see {@link CrossScopeQuery}. */
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        return store.statusesAcrossScopes(Checks.notNull(query, "query"));
    }

    /** Every history record of one run, across the scopes and datasets it touched. */
    public List<RunRecord> runHistory(RunId runId) {
        return store.runHistory(Checks.notNull(runId, "runId"));
    }

    /** The latest {@code limit} history records of {@code dataset} in {@code scope}, newest first. */
    public List<RunRecord> history(Scope scope, String dataset, int limit) {
        Checks.notNull(scope, "scope");
        DatasetKey key = key(dataset);
        return store.history(scope, key, Checks.positive(limit, "limit"));
    }

    /**
     * Deletes history older than {@code age} (each dataset's record of its last success is kept).
     *
     * @return how many history records were deleted
     */
    public int pruneHistoryOlderThan(Duration age) {
        Checks.notNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, was " + age);
        }
        return store.pruneHistory(clock.instant().minus(age));
    }

    private static DatasetKey key(String dataset) {
        return DatasetKey.of(dataset);
    }

    /**
     * Configures a {@link DatasetFreshness}. Only the store is required; every other setting has a default.
     */
    public static final class Builder {

        private final FreshnessStore store;
        private Clock clock = Clock.systemUTC();

        private Builder(FreshnessStore store) {
            this.store = Checks.notNull(store, "store");
        }

        /** The clock that stamps events and ages data. Default: {@link Clock#systemUTC()}. */
        public Builder withClock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** Builds the immutable instance. */
        public DatasetFreshness build() {
            return new DatasetFreshness(this);
        }
    }
}
