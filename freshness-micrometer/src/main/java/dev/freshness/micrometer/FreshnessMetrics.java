package dev.freshness.micrometer;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.micrometer.internal.FreshnessSnapshots;
import dev.freshness.micrometer.internal.TenantTags;
import dev.freshness.report.Severity;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.track.FinishedRun;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UntrackedRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer meters for tracked runs and gauges of freshness itself. It is a {@link TrackingListener} (give it
 * to {@code DatasetFreshness.Builder.withTrackingListener}) and a {@link MeterBinder} (bind it to each registry
 * that should show the meters; Spring Boot binds every {@code MeterBinder} bean by itself):
 *
 * <pre>{@code
 * FreshnessMetrics metrics = FreshnessMetrics.builder(store, catalog).build();
 * metrics.bindTo(registry);
 * DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withTrackingListener(metrics).build();
 * }</pre>
 *
 * <p>The meters, per Micrometer's naming conventions (times in seconds):
 * <ul>
 *   <li>{@value #RUNS} (counter; dataset, job, outcome): each run's outcome for each (scope, dataset);</li>
 *   <li>{@value #RUN_DURATION} (timer; dataset, job, outcome): from the start to the outcome, by the
 *       {@code DatasetFreshness} clock;</li>
 *   <li>{@value #RUN_RECORDS} (distribution summary; dataset, job): records affected by each successful run;</li>
 *   <li>{@value #UNTRACKED_RUNS} (counter; dataset, reason): runs a guard left untracked;</li>
 *   <li>{@value #STORE_FAILURES} (counter; operation): writes the store failed, and the gauges' failed reads;</li>
 *   <li>{@value #LAST_SUCCESS_AGE} (gauge; dataset, scope = {@code global} or {@code worst_tenant}): seconds
 *       since the last success in the global scope, and since the oldest last success among tenants;</li>
 *   <li>{@value #PAGE_SCOPES} (gauge; page, severity): how many scopes are at each severity for each page.</li>
 * </ul>
 * The run meters also carry a {@code tenant} tag when {@link Builder#withTenantTag(int)} is set. The meters of
 * the catalog's datasets and pages are registered when bound, so that dashboards show them before the first run.
 *
 * <p>Cost: events are counted in memory on the job's thread. The gauges read the store through its cross-scope
 * query, paged, at most once per {@linkplain Builder#withGaugeRefreshInterval refresh interval}, whatever the
 * number of scrapes, registries or tenants; between reads they show the cached values (ages grow with the clock).
 */
public final class FreshnessMetrics implements TrackingListener, MeterBinder {

    /** Runs by outcome: a counter. */
    public static final String RUNS = "freshness.runs";
    /** How long runs take: a timer. */
    public static final String RUN_DURATION = "freshness.run.duration";
    /** Records affected by successful runs: a distribution summary. */
    public static final String RUN_RECORDS = "freshness.run.records";
    /** Runs left untracked by a guard: a counter. */
    public static final String UNTRACKED_RUNS = "freshness.runs.untracked";
    /** Store calls that failed: a counter. */
    public static final String STORE_FAILURES = "freshness.store.failures";
    /** Seconds since the last success: a gauge. */
    public static final String LAST_SUCCESS_AGE = "freshness.last.success.age";
    /** Scopes per page and severity: a gauge. */
    public static final String PAGE_SCOPES = "freshness.page.scopes";

    /** How often the gauges read the store at most, unless configured otherwise. */
    public static final Duration DEFAULT_GAUGE_REFRESH_INTERVAL = Duration.ofSeconds(60);
    /** How many statuses one read of the gauges asks the store for, unless configured otherwise. */
    public static final int DEFAULT_GAUGE_READ_PAGE_SIZE = 1000;
    /** The most tenants {@link Builder#withTenantTag(int)} accepts as a cap. */
    public static final int MAX_TENANT_TAG_LIMIT = 10_000;
    /** The tenant tag of the tenants beyond the cap (a tenant id cannot start with {@code *}). */
    public static final String OTHER_TENANTS = TenantTags.OTHER;
    /** The tenant tag of the global scope. */
    public static final String GLOBAL_SCOPE = TenantTags.GLOBAL;
    /** The job tag of a run whose job is not named. */
    public static final String NO_JOB = "none";

    private static final String SUCCESS = "success";
    private static final String FAILURE = "failure";
    private static final List<String> STORE_OPERATIONS = List.of("start", "success", "failure", "read");

    private final Catalog catalog;
    private final TenantTags tenantTags;
    private final FreshnessSnapshots snapshots;
    private final List<Bound> registries = new CopyOnWriteArrayList<>();

    private FreshnessMetrics(Builder builder) {
        this.catalog = builder.catalog;
        this.tenantTags = builder.tenantTagLimit == 0 ? null : new TenantTags(builder.tenantTagLimit);
        this.snapshots = new FreshnessSnapshots(builder.store, builder.catalog, builder.clock,
                builder.gaugeRefreshInterval, builder.gaugeReadPageSize, () -> registries.forEach(
                        bound -> bound.storeFailures.get("read").increment()));
    }

    /**
     * Starts configuring metrics for the datasets and pages of {@code catalog}, whose gauges read {@code store}
     * (the store the {@code DatasetFreshness} writes to).
     */
    public static Builder builder(FreshnessStore store, Catalog catalog) {
        return new Builder(store, catalog);
    }

    /**
     * Registers the meters of the catalog's datasets and pages, and the gauges, in {@code registry}; runs are
     * counted in every registry bound so far. Binding the same registry twice does nothing more.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        synchronized (registries) {
            if (registries.stream().anyMatch(bound -> bound.registry == registry)) {
                return;
            }
            registries.add(new Bound(registry));
        }
    }

    @Override
    public void onRunFinished(FinishedRun run) {
        for (Bound bound : registries) {
            RunMeters meters = bound.runMeters(run.dataset().value(), run.jobName().orElse(NO_JOB), tenantTag(run.scope()));
            if (run.succeeded()) {
                meters.successes.increment();
                run.duration().ifPresent(meters.successDuration::record);
                meters.records.record(run.recordsAffected());
            } else {
                meters.failures.increment();
                run.duration().ifPresent(meters.failureDuration::record);
            }
        }
    }

    @Override
    public void onRunUntracked(UntrackedRun run) {
        for (Bound bound : registries) {
            bound.untracked(run.dataset().value(), run.reason()).increment();
        }
    }

    @Override
    public void onStoreError(RunEvent event, Throwable error) {
        String operation = event instanceof RunEvent.Started ? "start"
                : event instanceof RunEvent.Succeeded ? SUCCESS : FAILURE;
        for (Bound bound : registries) {
            bound.storeFailures.get(operation).increment();
        }
    }

    @Override
    public String toString() {
        return "FreshnessMetrics{" + catalog.datasets().size() + " datasets, " + catalog.pages().size() + " pages, "
                + registries.size() + " registries}";
    }

    private String tenantTag(Scope scope) {
        return tenantTags == null ? null : tenantTags.valueOf(scope);
    }

    private static String tagOf(UntrackedRun.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /** The meters of one registry. */
    private final class Bound {
        private final MeterRegistry registry;
        private final Map<RunKey, RunMeters> runMeters = new ConcurrentHashMap<>();
        private final Map<UntrackedKey, Counter> untracked = new ConcurrentHashMap<>();
        private final Map<String, Counter> storeFailures;

        Bound(MeterRegistry registry) {
            this.registry = registry;
            Map<String, Counter> failures = new ConcurrentHashMap<>();
            for (String operation : STORE_OPERATIONS) {
                failures.put(operation, Counter.builder(STORE_FAILURES).tag("operation", operation)
                        .description("Store calls that failed: writes of a run's start, success or failure, and the"
                                + " freshness gauges' reads").register(registry));
            }
            this.storeFailures = failures;
            String tenant = tenantTags == null ? null : GLOBAL_SCOPE;
            for (DatasetDefinition dataset : catalog.datasets()) {
                String key = dataset.key().value();
                List<String> jobs = catalog.producersOf(dataset.key());
                for (String job : jobs.isEmpty() ? List.of(NO_JOB) : jobs) {
                    runMeters(key, job, tenant);
                }
                for (UntrackedRun.Reason reason : UntrackedRun.Reason.values()) {
                    untracked(key, reason);
                }
            }
            registerGauges();
        }

        RunMeters runMeters(String dataset, String job, String tenant) {
            return runMeters.computeIfAbsent(new RunKey(dataset, job, tenant), key -> new RunMeters(registry, key));
        }

        Counter untracked(String dataset, UntrackedRun.Reason reason) {
            return untracked.computeIfAbsent(new UntrackedKey(dataset, reason), key -> Counter.builder(UNTRACKED_RUNS)
                    .tags("dataset", dataset, "reason", tagOf(reason))
                    .description("Runs a guard left untracked: a null scope (likely a bug), no scope, or a false condition")
                    .register(registry));
        }

        private void registerGauges() {
            Set<DatasetKey> datasets = new LinkedHashSet<>();
            catalog.datasets().forEach(dataset -> datasets.add(dataset.key()));
            catalog.pages().forEach(page -> datasets.addAll(page.datasets()));
            for (DatasetKey dataset : datasets) {
                Gauge.builder(LAST_SUCCESS_AGE, snapshots, reads -> reads.globalAgeSeconds(dataset))
                        .tags("dataset", dataset.value(), "scope", "global").baseUnit("seconds").strongReference(true)
                        .description("Seconds since the last success in the global scope (NaN: none)")
                        .register(registry);
                Gauge.builder(LAST_SUCCESS_AGE, snapshots, reads -> reads.worstTenantAgeSeconds(dataset))
                        .tags("dataset", dataset.value(), "scope", "worst_tenant").baseUnit("seconds")
                        .strongReference(true)
                        .description("Seconds since the oldest last success among tenants (NaN: no tenant has one)")
                        .register(registry);
            }
            for (PageDefinition page : catalog.pages()) {
                for (Severity severity : Severity.values()) {
                    Gauge.builder(PAGE_SCOPES, snapshots, reads -> reads.scopesAt(page.key(), severity))
                            .tags("page", page.key(), "severity", severity.name().toLowerCase(Locale.ROOT))
                            .baseUnit("scopes").strongReference(true)
                            .description("Scopes with a status for the page's datasets, by the page's severity")
                            .register(registry);
                }
            }
        }
    }

    private record RunKey(String dataset, String job, String tenant) {
        Tags tags() {
            Tags tags = Tags.of("dataset", dataset, "job", job);
            return tenant == null ? tags : tags.and("tenant", tenant);
        }
    }

    private record UntrackedKey(String dataset, UntrackedRun.Reason reason) {
    }

    /** The meters of one (dataset, job, tenant) in one registry, looked up once. */
    private static final class RunMeters {
        final Counter successes;
        final Counter failures;
        final Timer successDuration;
        final Timer failureDuration;
        final DistributionSummary records;

        RunMeters(MeterRegistry registry, RunKey key) {
            Tags tags = key.tags();
            successes = runs(registry, tags, SUCCESS);
            failures = runs(registry, tags, FAILURE);
            successDuration = duration(registry, tags, SUCCESS);
            failureDuration = duration(registry, tags, FAILURE);
            records = DistributionSummary.builder(RUN_RECORDS).tags(tags).baseUnit("records")
                    .description("Records affected by each successful run").register(registry);
        }

        private static Counter runs(MeterRegistry registry, Tags tags, String outcome) {
            return Counter.builder(RUNS).tags(tags).tag("outcome", outcome)
                    .description("Tracked runs by outcome, one per (scope, dataset)").register(registry);
        }

        private static Timer duration(MeterRegistry registry, Tags tags, String outcome) {
            return Timer.builder(RUN_DURATION).tags(tags).tag("outcome", outcome)
                    .description("From a run's start to its outcome").register(registry);
        }
    }

    /**
     * Configures {@link FreshnessMetrics}. The store and the catalog are required; every other setting has a
     * default, a public constant of {@link FreshnessMetrics}, and is validated when set.
     */
    public static final class Builder {
        private final FreshnessStore store;
        private final Catalog catalog;
        private Clock clock = Clock.systemUTC();
        private Duration gaugeRefreshInterval = DEFAULT_GAUGE_REFRESH_INTERVAL;
        private int gaugeReadPageSize = DEFAULT_GAUGE_READ_PAGE_SIZE;
        private int tenantTagLimit;

        private Builder(FreshnessStore store, Catalog catalog) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.catalog = Objects.requireNonNull(catalog, "catalog must not be null");
        }

        /** The clock the gauges' ages and verdicts are measured by; use the {@code DatasetFreshness} one. */
        public Builder withClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * How often the gauges read the store at most (default {@link #DEFAULT_GAUGE_REFRESH_INTERVAL}); scrapes
         * in between show the values of the last read.
         */
        public Builder withGaugeRefreshInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval must not be null");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
            this.gaugeRefreshInterval = interval;
            return this;
        }

        /**
         * How many statuses each store call of a gauge read returns at most, 1 to {@value CrossScopeQuery#MAX_LIMIT}
         * (default {@value #DEFAULT_GAUGE_READ_PAGE_SIZE}): one read makes (statuses / page size) calls.
         */
        public Builder withGaugeReadPageSize(int pageSize) {
            if (pageSize < 1 || pageSize > CrossScopeQuery.MAX_LIMIT) {
                throw new IllegalArgumentException("pageSize must be from 1 to " + CrossScopeQuery.MAX_LIMIT
                        + ", was " + pageSize);
            }
            this.gaugeReadPageSize = pageSize;
            return this;
        }

        /**
         * Adds a {@code tenant} tag to the run meters (off by default: tenants may number 100,000): the tenant id
         * of the first {@code maxTenants} tenants seen, {@value #GLOBAL_SCOPE} for the global scope, and
         * {@value #OTHER_TENANTS} for every tenant beyond the cap. {@code maxTenants} is 1 to
         * {@value #MAX_TENANT_TAG_LIMIT}.
         */
        public Builder withTenantTag(int maxTenants) {
            if (maxTenants < 1 || maxTenants > MAX_TENANT_TAG_LIMIT) {
                throw new IllegalArgumentException("maxTenants must be from 1 to " + MAX_TENANT_TAG_LIMIT
                        + ", was " + maxTenants);
            }
            this.tenantTagLimit = maxTenants;
            return this;
        }

        /** The metrics; bind them to a registry with {@link FreshnessMetrics#bindTo}. */
        public FreshnessMetrics build() {
            return new FreshnessMetrics(this);
        }
    }
}
