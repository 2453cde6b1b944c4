package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.internal.Checks;
import dev.freshness.report.internal.PageChecks;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.track.internal.Tracking;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;
import dev.freshness.track.JobRunner;
import dev.freshness.track.RunHandle;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackedJob;
import dev.freshness.track.TrackingListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final PageChecks pageChecks;
    private final Tracking tracking;
    private final ErrorRedactor errorRedactor;

    private DatasetFreshness(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.errorRedactor = builder.errorRedactor;
        this.pageChecks = new PageChecks(builder.store, builder.catalog, builder.clock);
        this.tracking = new Tracking(store, clock, builder.storeFailurePolicy, builder.storeTimeout,
                builder.trackingListener, builder.errorRedactor);
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

    /**
     * Records that {@code runId} failed to refresh {@code dataset} for {@code scope}, with {@code error}, its
     * text passed through the {@linkplain Builder#withErrorRedactor error redactor}.
     */
    public void recordFailure(Scope scope, String dataset, RunId runId, Throwable error) {
        Checks.notNull(error, "error");
        recordFailure(scope, dataset, runId, JobError.of(error, errorRedactor));
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

    // ---- reports: what each page needs, per scope and across scopes ------------------------------------------

    /** The page size of {@link #staleScopes(String)}. */
    public static final int DEFAULT_STALE_SCOPES_PAGE_SIZE = 100;

    /** The catalog reports are judged by, when one was given to the builder. */
    public Optional<Catalog> catalog() {
        return Optional.ofNullable(pageChecks.catalog());
    }

    /**
     * The banner of page {@code pageKey} for {@code scope}: each dataset the page needs judged at the clock's
     * instant, in one store call (plus one history read per requirement that ignores empty refreshes, when the
     * last success affected no records).
     *
     * @throws IllegalStateException when no catalog was given
     * @throws IllegalArgumentException when the catalog has no such page
     */
    public FreshnessReport report(Scope scope, String pageKey) {
        return pageChecks.report(scope, pageKey);
    }

    /** The first {@value #DEFAULT_STALE_SCOPES_PAGE_SIZE} scopes of {@link #staleScopes(String, StaleScopesPage.Cursor, int)}. */
    public StaleScopesPage staleScopes(String pageKey) {
        return pageChecks.staleScopes(pageKey, null, DEFAULT_STALE_SCOPES_PAGE_SIZE);
    }

    /**
     * For a page with no scope selector: one page of the scopes whose report of {@code pageKey} is at warning
     * or worse, worst severity first, then by scope key, each with its full report. Only statuses last refreshed
     * before {@code now - the page's shortest warnAfter} are read across scopes, so the cost grows with the
     * stale scopes, not with all scopes. A scope that has no status at all for the page's datasets is invisible
     * here: find it with {@link #tenantsNeverSucceeded(String, Collection)}.
     *
     * @param after the previous page's {@linkplain StaleScopesPage#nextPage() cursor}, or null for the first page
     * @param limit the most reports on one page, at least 1
     * @throws IllegalStateException when no catalog was given
     */
    public StaleScopesPage staleScopes(String pageKey, StaleScopesPage.Cursor after, int limit) {
        return pageChecks.staleScopes(pageKey, after, limit);
    }

    /** True when some scope's report of {@code pageKey} is at warning or worse; stops at the first it finds. */
    public boolean isAnyScopeStale(String pageKey) {
        return pageChecks.isAnyScopeStale(pageKey);
    }

    /**
     * The tenants of {@code expectedTenants}, in the order given, that never had a success of at least one
     * dataset page {@code pageKey} needs. A tenant that never ran has no status, so reading statuses alone
     * cannot see it: the application says which tenants it expects.
     *
     * @throws IllegalArgumentException when an expected tenant id is not a valid tenant id
     */
    public List<String> tenantsNeverSucceeded(String pageKey, Collection<String> expectedTenants) {
        return pageChecks.tenantsNeverSucceeded(pageChecks.datasetsOf(pageKey), expectedTenants);
    }

    /** The tenants of {@code expectedTenants}, in the order given, that never had a success of {@code dataset}. */
    public List<String> tenantsNeverSucceeded(DatasetKey dataset, Collection<String> expectedTenants) {
        return pageChecks.tenantsNeverSucceeded(List.of(Checks.notNull(dataset, "dataset")), expectedTenants);
    }

    // ---- tracked jobs -------------------------------------------------------------------------------------

    /** How long a job waits at most for a store that {@linkplain FreshnessStore#mayBlock() may block}. */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(5);

    /** What removes secrets from error text, unless configured otherwise: {@link ErrorRedactor#CREDENTIALS}. */
    public static final ErrorRedactor DEFAULT_ERROR_REDACTOR = ErrorRedactor.CREDENTIALS;

    /** What tracked jobs do when the store fails, unless configured otherwise. */
    public static final StoreFailurePolicy DEFAULT_STORE_FAILURE_POLICY = StoreFailurePolicy.LOG_AND_CONTINUE;

    /**
     * A job that refreshes {@code dataset} for {@code scope}, to run now or decorate:
     * {@code freshness.track(scope, "ad_creations").call(() -> createAds(product))}. A null scope (no tenant
     * known) makes the job run untracked. See {@link TrackedJob}.
     *
     * @throws IllegalArgumentException if {@code dataset} is not a valid {@link DatasetKey}
     */
    public TrackedJob track(Scope scope, String dataset) {
        return tracking.track(scope, dataset);
    }

    /**
     * A job for a scope that may be unknown: with an empty {@code scope} the job runs untracked. (To pass a
     * literal null to the other overload, write {@code track((Scope) null, dataset)}.)
     */
    public TrackedJob track(Optional<Scope> scope, String dataset) {
        Checks.notNull(scope, "scope");
        return tracking.track(scope.orElse(null), dataset);
    }

    /**
     * A job whose one run refreshes several datasets or scopes, each with its own start and outcome:
     * {@code freshness.job("meta_sync").run(run -> run.track(scope, "ad_assets").run(...))}. See
     * {@link JobRunner}.
     */
    public JobRunner job(String jobName) {
        return tracking.job(jobName);
    }

    /**
     * Records that a run of {@code dataset} for {@code scope} starts now and returns its handle, for code that
     * cannot be put in a lambda; the same as {@code track(scope, dataset).start()}. See {@link RunHandle}.
     */
    public RunHandle start(Scope scope, String dataset) {
        return track(scope, dataset).start();
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
        private Catalog catalog;
        private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
        private StoreFailurePolicy storeFailurePolicy = DEFAULT_STORE_FAILURE_POLICY;
        private TrackingListener trackingListener = TrackingListener.NO_OP;
        private ErrorRedactor errorRedactor = DEFAULT_ERROR_REDACTOR;

        private Builder(FreshnessStore store) {
            this.store = Checks.notNull(store, "store");
        }

        /** The clock that stamps events and ages data. Default: {@link Clock#systemUTC()}. */
        public Builder withClock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** The rules that {@link DatasetFreshness#report} and the cross-scope checks judge by. Default: none. */
        public Builder withCatalog(Catalog catalog) {
            this.catalog = Checks.notNull(catalog, "catalog");
            return this;
        }

        // ---- tracked jobs ---------------------------------------------------------------------------------

        /**
         * The longest a tracked job waits for the store when it records its outcome. Default:
         * {@link #DEFAULT_STORE_TIMEOUT}. Applies to stores that {@linkplain FreshnessStore#mayBlock() may
         * block} (the JDBC store): their calls run on a small daemon executor of this instance (4 threads,
         * idle ones end after a minute, at most 1024 calls waiting), the start without holding the job, the
         * outcome waited for together with the start, at most this long in all; a call still running then is
         * cancelled with an interrupt and reported as a store error (a {@code TimeoutException}), and the job
         * goes on. A store that never blocks (the in-memory store) is called directly on the job's thread.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder withStoreTimeout(Duration timeout) {
            Checks.notNull(timeout, "storeTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("storeTimeout must be positive, was " + timeout);
            }
            this.storeTimeout = timeout;
            return this;
        }

        /** What tracked jobs do when the store fails. Default: {@link #DEFAULT_STORE_FAILURE_POLICY}. */
        public Builder withStoreFailurePolicy(StoreFailurePolicy policy) {
            this.storeFailurePolicy = Checks.notNull(policy, "storeFailurePolicy");
            return this;
        }

        /** Hears every tracked run's events and store errors. Default: {@link TrackingListener#NO_OP}. */
        public Builder withTrackingListener(TrackingListener listener) {
            this.trackingListener = Checks.notNull(listener, "trackingListener");
            return this;
        }

        /**
         * What removes secrets (passwords, tokens, credentials in URLs) from an exception's text before it is
         * stored as a failure or logged by a tracked job. Default: {@link #DEFAULT_ERROR_REDACTOR}; pass
         * {@link ErrorRedactor#NONE} to keep the text as it is, or your own to mask more.
         */
        public Builder withErrorRedactor(ErrorRedactor redactor) {
            this.errorRedactor = Checks.notNull(redactor, "errorRedactor");
            return this;
        }

        /** Builds the immutable instance. */
        public DatasetFreshness build() {
            return new DatasetFreshness(this);
        }
    }
}
