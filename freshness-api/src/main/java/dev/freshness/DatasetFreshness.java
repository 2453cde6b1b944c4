package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.report.internal.PageChecks;
import dev.freshness.rhythm.RefreshRhythms;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.track.JobRunner;
import dev.freshness.track.RunHandle;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackedJob;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UndeclaredDatasetPolicy;
import dev.freshness.track.internal.Tracking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What an application injects: it tracks the jobs that refresh datasets, and tells each page whether its data
 * is fresh enough, for one scope or across all of them.
 *
 * <pre>{@code
 * DatasetFreshness freshness = DatasetFreshness.using(store, catalog).build();
 *
 * freshness.track(scope, "ad_creations").call(() -> createAds(product));      // a job, tracked
 * freshness.job("meta_sync").run(run -> ...);                                 // several datasets in one run
 * FreshnessReport report = freshness.report(scope, "hook_analysis");          // the banner of one page
 * StaleScopesPage stale = freshness.staleScopes("template_queue");           // a page with no tenant selector
 * }</pre>
 *
 * <p>Every argument is validated before the store is called, so bad input never writes anything. The wrapper
 * never changes a job's outcome; reads throw a {@link StoreException} when the store fails (or, with
 * {@link #reportOrUnreadable}, give a report that says so). The raw facts (statuses, history, explicit
 * recording, pruning) are in {@link #records()}. Instances are immutable and thread-safe; {@link #close()}
 * stops the threads of their own that they use to bound store calls.
 */
public final class DatasetFreshness implements AutoCloseable {

    /** How long the writes of one tracked run wait at most for a store that {@linkplain FreshnessStore#mayBlock() may block}. */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(5);

    /** What removes secrets from error text, unless configured otherwise: {@link ErrorRedactor#CREDENTIALS}. */
    public static final ErrorRedactor DEFAULT_ERROR_REDACTOR = ErrorRedactor.CREDENTIALS;

    /** What tracked jobs do when the store fails, unless configured otherwise. */
    public static final StoreFailurePolicy DEFAULT_STORE_FAILURE_POLICY = StoreFailurePolicy.LOG_AND_CONTINUE;

    /** What tracking a dataset the catalog does not declare does, unless configured otherwise. */
    public static final UndeclaredDatasetPolicy DEFAULT_UNDECLARED_DATASET_POLICY = UndeclaredDatasetPolicy.WARN;

    /**
     * How many events that could not be written are kept for redelivery, unless configured otherwise: 5,000,
     * the starts and outcomes of 2,500 runs.
     */
    public static final int DEFAULT_REDELIVERY_QUEUE_CAPACITY = 5_000;

    /** The first pause of the redelivery after the store failed, unless configured otherwise; it doubles each time. */
    public static final Duration DEFAULT_REDELIVERY_INITIAL_BACKOFF = Duration.ofSeconds(1);

    /** The longest pause between two tries of the redelivery, unless configured otherwise. */
    public static final Duration DEFAULT_REDELIVERY_MAX_BACKOFF = Duration.ofMinutes(1);

    /** How long {@link #close()} tries to write the queued events, unless configured otherwise. */
    public static final Duration DEFAULT_REDELIVERY_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** The page size of {@link #staleScopes(String)}. */
    public static final int DEFAULT_STALE_SCOPES_PAGE_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DatasetFreshness.class);

    private final Catalog catalog;
    private final Clock clock;
    private final Tracking tracking;
    private final PageChecks pageChecks;
    private final FreshnessRecords records;
    private final RefreshRhythms rhythms;

    private DatasetFreshness(Builder builder) {
        this.catalog = builder.catalog;
        this.clock = builder.clock;
        this.tracking = new Tracking(new Tracking.Settings(builder.store, builder.catalog, builder.clock,
                builder.storeFailurePolicy, builder.storeTimeout, builder.trackingListener, builder.errorRedactor,
                builder.undeclaredDatasetPolicy, builder.storeExecutor, builder.synchronousStart,
                builder.redeliveryCapacity, builder.redeliveryInitialBackoff, builder.redeliveryMaxBackoff,
                builder.redeliveryCloseTimeout, builder.redeliveryScheduler, builder.redeliverySpool));
        this.pageChecks = new PageChecks(builder.store, builder.catalog, builder.clock, tracking::hasQueuedEvents);
        this.records = new FreshnessRecords(builder.store, tracking, builder.clock, builder.errorRedactor);
        this.rhythms = RefreshRhythms.using(builder.store, builder.catalog).withClock(builder.clock).build();
    }

    /**
     * Starts building an instance that keeps its facts in {@code store} and judges them by {@code catalog}.
     * Every other setting has a default.
     */
    public static Builder using(FreshnessStore store, Catalog catalog) {
        return new Builder(store, catalog);
    }

    // ---- tracking ---------------------------------------------------------------------------------------------

    /**
     * A job that refreshes {@code dataset} for {@code scope}, to run now or decorate:
     * {@code freshness.track(scope, "ad_creations").call(() -> createAds(product))}. A null scope makes the job
     * run untracked, with a warning (rate limited per dataset), since a null tenant is more often a bug than a
     * choice; say "no scope" on purpose with {@link #track(Optional, String)} or {@link TrackedJob#onlyIf}.
     *
     * @throws IllegalArgumentException if {@code dataset} is not a valid key, or not declared in the catalog
     *     under {@link UndeclaredDatasetPolicy#REJECT}
     */
    public TrackedJob track(Scope scope, String dataset) {
        return tracking.track(scope, dataset);
    }

    /** A job for a scope that may be unknown: with an empty {@code scope} the job runs untracked (debug log). */
    public TrackedJob track(Optional<Scope> scope, String dataset) {
        Checks.notNull(scope, "scope");
        return tracking.trackIfKnown(scope.orElse(null), dataset);
    }

    /**
     * A job whose one run refreshes several datasets or scopes, each with its own start and outcome:
     * {@code freshness.job("meta_sync").run(run -> run.track(scope, "ad_assets").run(...))}.
     */
    public JobRunner job(String jobName) {
        return tracking.job(jobName);
    }

    /**
     * Records that a run of {@code dataset} for {@code scope} starts now and returns its handle, for code that
     * cannot be put in a lambda; the same as {@code track(scope, dataset).start()}.
     */
    public RunHandle start(Scope scope, String dataset) {
        return track(scope, dataset).start();
    }

    // ---- reports ----------------------------------------------------------------------------------------------

    /**
     * The banner of page {@code pageKey} for {@code scope}: each dataset the page needs, judged at the clock's
     * instant, read in one store call (plus one history read per requirement that ignores empty refreshes, when
     * the last success affected no records).
     *
     * @throws IllegalArgumentException when the catalog has no such page
     * @throws StoreException when the store cannot be read
     */
    public FreshnessReport report(Scope scope, String pageKey) {
        return pageChecks.report(scope, pageKey);
    }

    /**
     * As {@link #report}, but when the store cannot be read the report is {@linkplain FreshnessReport#isReadable()
     * unreadable} (a warning whose banner says the freshness could not be checked) instead of an exception: a
     * banner never breaks the page it is on.
     *
     * @throws IllegalArgumentException when the catalog has no such page
     */
    public FreshnessReport reportOrUnreadable(Scope scope, String pageKey) {
        return pageChecks.reportOrUnreadable(scope, pageKey);
    }

    /** The first {@value #DEFAULT_STALE_SCOPES_PAGE_SIZE} scopes of {@link #staleScopes(String, StaleScopesPage.Cursor, int)}. */
    public StaleScopesPage staleScopes(String pageKey) {
        return pageChecks.staleScopes(pageKey, null, DEFAULT_STALE_SCOPES_PAGE_SIZE);
    }

    /**
     * For a page with no scope selector: one page of the scopes whose report of {@code pageKey} is at warning
     * or worse, worst severity first, then by scope key, each with its full report, the same as
     * {@link #report} gives for that scope. Only statuses last refreshed before {@code now - the page's shortest
     * warnAfter} are read across scopes, so the cost grows with the stale scopes, not with all scopes. A scope
     * that has no status at all for the page's datasets is invisible here: find it with
     * {@link #tenantsNeverSucceeded}.
     *
     * @param after the previous page's {@linkplain StaleScopesPage#nextPage() cursor}, or null for the first page
     * @param limit the most reports on one page, at least 1
     * @throws StoreException when the store cannot be read
     */
    public StaleScopesPage staleScopes(String pageKey, StaleScopesPage.Cursor after, int limit) {
        return pageChecks.staleScopes(pageKey, after, limit);
    }

    /**
     * True when some scope's report of {@code pageKey} is at warning or worse; stops at the first it finds.
     *
     * @throws StoreException when the store cannot be read
     */
    public boolean isAnyScopeStale(String pageKey) {
        return pageChecks.isAnyScopeStale(pageKey);
    }

    /**
     * The first {@value #DEFAULT_STALE_SCOPES_PAGE_SIZE} scopes of
     * {@link #staleScopesWithin(String, Duration, StaleScopesPage.Cursor, int)}.
     */
    public StaleScopesPage staleScopesWithin(String pageKey, Duration within) {
        return pageChecks.staleScopesWithin(pageKey, within, null, DEFAULT_STALE_SCOPES_PAGE_SIZE);
    }

    /**
     * As {@link #staleScopes(String, StaleScopesPage.Cursor, int)}, looking ahead: the scopes whose report of
     * {@code pageKey} is at warning or worse now, or will be within {@code within} if nothing succeeds
     * meanwhile (its {@link FreshnessReport#severityAt severityAt(now + within)}), worst severity now first, then
     * by scope key, each with its report now, whose {@link FreshnessReport#warningAfter()} says when it turns.
     * The same read as {@code staleScopes} with its cutoff moved {@code within} into the future, at the same
     * cost bound: no read per scope, only the statuses that will be stale by then. {@code Duration.ZERO} gives
     * {@code staleScopes}.
     *
     * @param within how far ahead to look, zero or more
     * @param after the previous page's {@linkplain StaleScopesPage#nextPage() cursor}, or null for the first page
     * @param limit the most reports on one page, at least 1
     * @throws IllegalArgumentException when {@code within} is negative
     * @throws StoreException when the store cannot be read
     */
    public StaleScopesPage staleScopesWithin(String pageKey, Duration within, StaleScopesPage.Cursor after, int limit) {
        return pageChecks.staleScopesWithin(pageKey, within, after, limit);
    }

    /**
     * True when some scope's report of {@code pageKey} is at warning or worse now, or will be within
     * {@code within} if nothing succeeds meanwhile; stops at the first it finds.
     *
     * @throws IllegalArgumentException when {@code within} is negative
     * @throws StoreException when the store cannot be read
     */
    public boolean isAnyScopeStaleWithin(String pageKey, Duration within) {
        return pageChecks.isAnyScopeStaleWithin(pageKey, within);
    }

    /**
     * The tenants of {@code expectedTenants}, in the order given, that never had a success of at least one
     * dataset page {@code pageKey} needs. A tenant that never ran has no status, so reading statuses alone
     * cannot see it: the application says which tenants it expects.
     *
     * @throws IllegalArgumentException when an expected tenant id is not a valid tenant id
     * @throws StoreException when the store cannot be read
     */
    public List<String> tenantsNeverSucceeded(String pageKey, Collection<String> expectedTenants) {
        return pageChecks.tenantsNeverSucceeded(pageKey, expectedTenants);
    }

    // ---- the rest ---------------------------------------------------------------------------------------------

    /** The raw facts: statuses, history, explicit recording of events, pruning. */
    public FreshnessRecords records() {
        return records;
    }

    /**
     * What limit to set: how often each dataset is refreshed, from run history, with a suggested maximum age and
     * the requirements tighter than their dataset's rhythm ({@link RefreshRhythms#findings()}), read from this
     * instance's store at its clock with the defaults of {@link RefreshRhythms}. For another window, zone or
     * minimum, build one with {@link RefreshRhythms#using}.
     */
    public RefreshRhythms rhythms() {
        return rhythms;
    }

    /** The catalog reports are judged by. */
    public Catalog catalog() {
        return catalog;
    }

    /** The clock that stamps events and that verdicts are computed against. */
    public Clock clock() {
        return clock;
    }

    /**
     * Stops the threads this instance started to bound store calls, after waiting at most the store timeout for
     * the writes in progress. Then, within the {@linkplain Builder#withRedeliveryCloseTimeout close timeout},
     * writes the events still queued for redelivery, and logs at WARN, per dataset, how many it could not (kept in
     * the spool for the next start when there is one, lost otherwise). Jobs tracked afterwards still run and keep their outcome; what they record is
     * dropped (a store error, logged as usual) when those threads were the ones to write it, and written as
     * before when the store never blocks or the executor is yours ({@link Builder#withStoreExecutor}, which is
     * left running). Reads still work. Closing again does nothing.
     */
    @Override
    public void close() {
        tracking.close();
    }

    /**
     * Configures a {@link DatasetFreshness}. The store and the catalog are required; every other setting has a
     * default, a public constant of {@link DatasetFreshness}. Each setting is validated when it is set.
     */
    public static final class Builder {

        private final FreshnessStore store;
        private final Catalog catalog;
        private Clock clock = Clock.systemUTC();
        private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
        private StoreFailurePolicy storeFailurePolicy = DEFAULT_STORE_FAILURE_POLICY;
        private TrackingListener trackingListener = TrackingListener.NO_OP;
        private ErrorRedactor errorRedactor = DEFAULT_ERROR_REDACTOR;
        private UndeclaredDatasetPolicy undeclaredDatasetPolicy = DEFAULT_UNDECLARED_DATASET_POLICY;
        private Executor storeExecutor;
        private boolean synchronousStart;
        private int redeliveryCapacity = DEFAULT_REDELIVERY_QUEUE_CAPACITY;
        private Duration redeliveryInitialBackoff = DEFAULT_REDELIVERY_INITIAL_BACKOFF;
        private Duration redeliveryMaxBackoff = DEFAULT_REDELIVERY_MAX_BACKOFF;
        private Duration redeliveryCloseTimeout = DEFAULT_REDELIVERY_CLOSE_TIMEOUT;
        private ScheduledExecutorService redeliveryScheduler;
        private Path redeliverySpool;

        private Builder(FreshnessStore store, Catalog catalog) {
            this.store = Checks.notNull(store, "store");
            this.catalog = Checks.notNull(catalog, "catalog");
        }

        /** The clock that stamps events and ages data. Default: {@link Clock#systemUTC()}. */
        public Builder withClock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * The longest the writes of one tracked run wait, in all, for a store that
         * {@linkplain FreshnessStore#mayBlock() may block} (the JDBC store). Default:
         * {@link #DEFAULT_STORE_TIMEOUT}. Such a store is called on an executor (the instance's own: 4 daemon
         * threads, idle ones end after a minute, at most 1024 calls waiting; or yours, see
         * {@link #withStoreExecutor}): the start without holding the job, the outcome waited for together with
         * the start (in the same call while that call has not finished writing the start, as after a short job; a start that
         * hangs then holds its outcome too, and both are kept for redelivery). A run of several steps or scopes shares one allowance, so a hanging store holds a job at
         * most this long however many datasets it records; a call still running then is cancelled with an
         * interrupt and reported as a store error (a {@code TimeoutException}), and the job goes on. A store
         * that never blocks (the in-memory store) is called directly on the job's thread.
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

        /**
         * Runs the calls to a store that may block on {@code executor} instead of the instance's own threads.
         * The executor stays yours: {@link DatasetFreshness#close()} does not shut it down. A call it rejects is
         * a store error. Default: the instance's own executor.
         */
        public Builder withStoreExecutor(Executor executor) {
            this.storeExecutor = Checks.notNull(executor, "storeExecutor");
            return this;
        }

        /**
         * Writes the start of each tracked run before the job runs, waiting for the store (within the store
         * timeout), so that code which must see a run in flight (a status page, a test) does not have to poll.
         * Default: the start is written while the job already runs, and waited for with its outcome.
         */
        public Builder recordingStartsSynchronously() {
            this.synchronousStart = true;
            return this;
        }

        /** What tracked jobs do when the store fails. Default: {@link #DEFAULT_STORE_FAILURE_POLICY}. */
        public Builder withStoreFailurePolicy(StoreFailurePolicy policy) {
            this.storeFailurePolicy = Checks.notNull(policy, "storeFailurePolicy");
            return this;
        }

        /**
         * What tracking a dataset the catalog does not declare does. Default:
         * {@link #DEFAULT_UNDECLARED_DATASET_POLICY}.
         */
        public Builder withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy policy) {
            this.undeclaredDatasetPolicy = Checks.notNull(policy, "undeclaredDatasetPolicy");
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

        /**
         * How many events a tracked job could not write (the store failed, timed out or was too busy) are kept
         * and written in the background, oldest first, once the store answers again. When the queue is full the
         * oldest event is dropped for the new one, counted ({@link dev.freshness.track.RedeliveryStatus#dropped()})
         * and logged at WARN at most once a minute. Default: {@link #DEFAULT_REDELIVERY_QUEUE_CAPACITY}.
         *
         * @throws IllegalArgumentException if {@code capacity} is less than 1
         */
        public Builder withRedeliveryQueueCapacity(int capacity) {
            this.redeliveryCapacity = Checks.positive(capacity, "redeliveryQueueCapacity");
            return this;
        }

        /**
         * The pauses of the redelivery while the store keeps failing: {@code initial} after the first failure,
         * doubling up to {@code max}; back to {@code initial} once an event is written. Defaults:
         * {@link #DEFAULT_REDELIVERY_INITIAL_BACKOFF}, {@link #DEFAULT_REDELIVERY_MAX_BACKOFF}.
         *
         * @throws IllegalArgumentException if either is zero or negative, or {@code max} is less than {@code initial}
         */
        public Builder withRedeliveryBackoff(Duration initial, Duration max) {
            Checks.notNull(initial, "redeliveryInitialBackoff");
            Checks.notNull(max, "redeliveryMaxBackoff");
            if (initial.isNegative() || initial.isZero()) {
                throw new IllegalArgumentException("redeliveryInitialBackoff must be positive, was " + initial);
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("redeliveryMaxBackoff must be at least redeliveryInitialBackoff ("
                        + initial + "), was " + max);
            }
            this.redeliveryInitialBackoff = initial;
            this.redeliveryMaxBackoff = max;
            return this;
        }

        /**
         * How long {@link DatasetFreshness#close()} tries to write the events still queued, before it logs what it
         * could not. Zero tries nothing. Default: {@link #DEFAULT_REDELIVERY_CLOSE_TIMEOUT}.
         *
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder withRedeliveryCloseTimeout(Duration timeout) {
            Checks.notNull(timeout, "redeliveryCloseTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("redeliveryCloseTimeout must not be negative, was " + timeout);
            }
            this.redeliveryCloseTimeout = timeout;
            return this;
        }

        /**
         * Runs the redelivery on {@code scheduler} instead of the instance's own thread (one daemon thread, made
         * when the first event is kept, ending after a minute idle and at {@link DatasetFreshness#close()}). The
         * scheduler stays yours: it is never shut down. Default: the instance's own thread.
         */
        public Builder withRedeliveryScheduler(ScheduledExecutorService scheduler) {
            this.redeliveryScheduler = Checks.notNull(scheduler, "redeliveryScheduler");
            return this;
        }

        /**
         * Keeps the redelivery queue in a file of {@code directory} as well (created when missing), so that the
         * events queued when the process dies (even by {@code SIGKILL}) are replayed by the next instance built
         * over the same directory. Damaged or cut-short records are skipped and logged, never fatal; written
         * events are removed from the file. One instance per directory. Without it, a process killed during an
         * outage loses exactly the events queued then. Default: no spool.
         *
         * @throws IllegalArgumentException at {@link #build()} when the directory cannot be created, written or
         *     locked (another instance uses it)
         */
        public Builder withRedeliverySpool(Path directory) {
            this.redeliverySpool = Checks.notNull(directory, "redeliverySpool");
            return this;
        }

        /** Builds the instance, and logs the catalog's findings once, at INFO. */
        public DatasetFreshness build() {
            for (CatalogFinding finding : catalog.findings()) {
                LOG.info("Catalog: {}", finding.message());
            }
            return new DatasetFreshness(this);
        }
    }
}
