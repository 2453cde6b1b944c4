package dev.freshness.rhythm;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.CatalogFinding;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;
import dev.freshness.internal.DurationText;
import dev.freshness.report.internal.StoreReads;
import dev.freshness.rhythm.internal.IntervalSamples;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What limit to set: how often each dataset is actually refreshed, read from run history, with a suggested
 * maximum age, and the requirements of the catalog that are tighter than the rhythm their dataset keeps.
 *
 * <pre>{@code
 * RefreshRhythms rhythms = RefreshRhythms.using(store, catalog).withClock(clock)
 *         .over(Duration.ofDays(28)).needingAtLeast(10).inZone(ZoneId.of("Europe/Berlin")).build();
 * RefreshRhythm acme = rhythms.of(Scope.tenant("acme"), "ad_classifications");
 * acme.percentile95();                          // 36 hours
 * acme.suggestedLimit().map(SuggestedLimit::toProperty);   // "warn 36h, error 3d"
 * rhythms.acrossScopes("ad_classifications").dayPattern(); // "on weekdays only"
 * rhythms.findings();   // "hook_analysis needs ad_classifications within 24 hours, but it is refreshed every
 *                       //  36 hours at the 95th percentile: it will be stale most days"
 * }</pre>
 *
 * <p><b>What counts.</b> A success counts when its history record finished with SUCCEEDED within the window
 * ({@code now - window} to {@code now}, both inclusive); failures and runs in flight do not. With
 * {@link Builder#ignoringEmptyRefreshes()}, a success that affected zero records does not count either, as under
 * {@link Requirement#ignoringEmptyRefreshes()}; {@link #findings()} always counts the way each requirement does.
 * The history a store keeps is all there is: pruned history (see
 * {@code FreshnessRecords.pruneHistoryOlderThan}) shortens the window in effect.
 *
 * <p><b>Cost.</b> {@link #of(Scope, String)} is one history read of at most
 * {@link Builder#readingAtMostRecordsPerScope(int) the records per scope} ({@value #DEFAULT_RECORDS_PER_SCOPE} by
 * default). {@link #acrossScopes(String)} is one cross-scope status read of at most
 * {@link Builder#samplingAtMostScopes(int) the scopes sampled} ({@value #DEFAULT_SCOPES_SAMPLED} by default), the
 * first in the store's page order (by scope key), then one such history read for each of those scopes whose last
 * success is in the window: at most {@code 1 + scopes} store calls, whatever the number of tenants.
 * {@link #findings()} is one {@code acrossScopes} per dataset (and way of counting) that a maximum-age
 * requirement names. Nothing is cached between calls.
 *
 * <p>Immutable and thread-safe. Reads throw a {@link StoreException} when the store fails.
 */
public final class RefreshRhythms {

    /** The window of history read unless told otherwise: 28 days, four of each day of the week. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(28);

    /** The longest window accepted. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    /** How many intervals a median and percentile need unless told otherwise. */
    public static final int DEFAULT_MINIMUM_SAMPLES = 10;

    /** How many history records are read per scope unless told otherwise. */
    public static final int DEFAULT_RECORDS_PER_SCOPE = 1_000;

    /** The most history records per scope accepted. */
    public static final int MAX_RECORDS_PER_SCOPE = 100_000;

    /** How many scopes {@link #acrossScopes(String)} samples unless told otherwise. */
    public static final int DEFAULT_SCOPES_SAMPLED = 50;

    /** The time zone the days of the week are counted in unless told otherwise. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

    private final FreshnessStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final Duration window;
    private final int minimumSamples;
    private final int recordsPerScope;
    private final int scopesSampled;
    private final ZoneId zone;
    private final boolean ignoreEmptyRefreshes;

    private RefreshRhythms(Builder builder) {
        this.store = builder.store;
        this.catalog = builder.catalog;
        this.clock = builder.clock;
        this.window = builder.window;
        this.minimumSamples = builder.minimumSamples;
        this.recordsPerScope = builder.recordsPerScope;
        this.scopesSampled = builder.scopesSampled;
        this.zone = builder.zone;
        this.ignoreEmptyRefreshes = builder.ignoreEmptyRefreshes;
    }

    /** Starts building rhythms read from {@code store}, for the datasets and pages of {@code catalog}. */
    public static Builder using(FreshnessStore store, Catalog catalog) {
        return new Builder(store, catalog);
    }

    /**
     * The rhythm of {@code dataset} in {@code scope}, over the window ending at the clock's instant. One history
     * read.
     *
     * @throws IllegalArgumentException when {@code dataset} is not a valid key or not declared in the catalog
     * @throws StoreException when the store cannot be read
     */
    public RefreshRhythm of(Scope scope, String dataset) {
        Checks.notNull(scope, "scope");
        DatasetKey key = declared(dataset);
        return inScope(scope, key, ignoreEmptyRefreshes);
    }

    /**
     * The rhythm of {@code dataset} pooled across scopes: the intervals of each sampled scope together, the
     * successes per day of the week summed. For a dataset refreshed only for the global scope it is the rhythm of
     * that scope. At most {@code 1 + scopes sampled} store calls (see the class description).
     *
     * @throws IllegalArgumentException when {@code dataset} is not a valid key or not declared in the catalog
     * @throws StoreException when the store cannot be read
     */
    public RefreshRhythm acrossScopes(String dataset) {
        return pooled(declared(dataset), ignoreEmptyRefreshes);
    }

    /**
     * The maximum-age requirements of the catalog's pages that are tighter than their dataset's rhythm pooled
     * across scopes: a {@link CatalogFinding.Kind#REQUIREMENT_TIGHTER_THAN_RHYTHM} finding, whose subject is the page
     * key, when the dataset has enough history and its 95th percentile interval is longer than the page's
     * {@code warnAfter}. In page order, then requirement order.
     *
     * <p>A scheduled requirement ({@link Requirement#isScheduled()}) is skipped: it is met when each refresh lands
     * before its deadline, which intervals between refreshes cannot tell; its verdict and outlook show that.
     * A requirement on a {@linkplain Catalog#inputsOf derived dataset} is judged by that dataset's own refreshes;
     * the rhythms of its inputs are judged by the requirements that name them.
     *
     * @throws StoreException when the store cannot be read
     */
    public List<CatalogFinding> findings() {
        Map<String, RefreshRhythm> read = new HashMap<>();
        return findings(requirement -> read.computeIfAbsent(requirement.dataset() + "/" + requirement.ignoresEmptyRefreshes(),
                ignored -> pooled(requirement.dataset(), requirement.ignoresEmptyRefreshes())), null);
    }

    /**
     * As {@link #findings()}, judged by the rhythm of each dataset in {@code scope} alone: one history read per
     * dataset (and way of counting) that a maximum-age requirement names.
     *
     * @throws StoreException when the store cannot be read
     */
    public List<CatalogFinding> findings(Scope scope) {
        Checks.notNull(scope, "scope");
        Map<String, RefreshRhythm> read = new HashMap<>();
        return findings(requirement -> read.computeIfAbsent(requirement.dataset() + "/" + requirement.ignoresEmptyRefreshes(),
                ignored -> inScope(scope, requirement.dataset(), requirement.ignoresEmptyRefreshes())), scope);
    }

    private List<CatalogFinding> findings(Function<Requirement, RefreshRhythm> rhythmOf, Scope scope) {
        List<CatalogFinding> found = new ArrayList<>();
        for (PageDefinition page : catalog.pages()) {
            for (Requirement requirement : page.requirements()) {
                if (requirement.isScheduled()) {
                    continue;
                }
                RefreshRhythm rhythm = rhythmOf.apply(requirement);
                if (!rhythm.hasEnoughHistory() || rhythm.percentile95().orElseThrow().compareTo(requirement.warnAfter()) <= 0) {
                    continue;
                }
                boolean usuallyLate = rhythm.median().orElseThrow().compareTo(requirement.warnAfter()) > 0;
                found.add(new CatalogFinding(CatalogFinding.Kind.REQUIREMENT_TIGHTER_THAN_RHYTHM, page.key(),
                        page.key() + " needs " + requirement.dataset() + " within "
                                + DurationText.words(requirement.warnAfter()) + ", but "
                                + (scope == null ? "" : "for " + scope + " ") + "it is refreshed every "
                                + DurationText.words(rhythm.percentile95().orElseThrow()) + " at the 95th percentile: "
                                + (usuallyLate ? "it will be stale most days" : "it will be stale after its slower refreshes")));
            }
        }
        return found;
    }

    private DatasetKey declared(String dataset) {
        DatasetKey key = DatasetKey.of(dataset);
        if (catalog.dataset(key).isEmpty()) {
            throw new IllegalArgumentException("dataset " + Checks.quote(dataset) + " is not declared in the catalog");
        }
        return key;
    }

    private RefreshRhythm inScope(Scope scope, DatasetKey dataset, boolean ignoreEmpty) {
        Instant now = clock.instant();
        Instant start = windowStart(now);
        IntervalSamples samples = new IntervalSamples(zone);
        boolean cutShort = readScope(scope, dataset, ignoreEmpty, start, now, samples);
        return new RefreshRhythm(dataset, scope, start, now, samples.successes() > 0 ? 1 : 0, samples, minimumSamples,
                zone, ignoreEmpty, cutShort);
    }

    private RefreshRhythm pooled(DatasetKey dataset, boolean ignoreEmpty) {
        Instant now = clock.instant();
        Instant start = windowStart(now);
        CrossScopeQuery query = new CrossScopeQuery(Set.of(dataset), null, scopesSampled, null);
        StatusPage page = StoreReads.call(() -> "read the statuses of " + dataset + " across scopes",
                () -> store.statusesAcrossScopes(query));
        IntervalSamples samples = new IntervalSamples(zone);
        int scopesRead = 0;
        boolean cutShort = false;
        for (DatasetStatus status : page.statuses()) {
            boolean succeededInWindow = status.dataset().equals(dataset)
                    && status.lastSuccess().map(success -> !success.at().isBefore(start)).orElse(false);
            if (succeededInWindow) {
                scopesRead++;
                cutShort |= readScope(status.scope(), dataset, ignoreEmpty, start, now, samples);
            }
        }
        return new RefreshRhythm(dataset, null, start, now, scopesRead, samples, minimumSamples, zone, ignoreEmpty,
                cutShort);
    }

    /** Adds the successes of one scope to {@code samples}; true when its history was cut short by the read limit. */
    private boolean readScope(Scope scope, DatasetKey dataset, boolean ignoreEmpty, Instant start, Instant end,
                              IntervalSamples samples) {
        List<RunRecord> records = StoreReads.call(() -> "read the history of " + scope + "/" + dataset,
                () -> store.history(scope, dataset, recordsPerScope));
        List<Instant> successes = new ArrayList<>();
        Instant oldestActivity = null;
        for (RunRecord record : records) {
            Instant activity = record.lastActivity();
            if (oldestActivity == null || activity.isBefore(oldestActivity)) {
                oldestActivity = activity;
            }
            boolean counts = record.outcome() == RunRecord.Outcome.SUCCEEDED
                    && !record.finishedAt().isBefore(start) && !record.finishedAt().isAfter(end)
                    && (!ignoreEmpty || record.recordsAffected() > 0);
            if (counts) {
                successes.add(record.finishedAt());
            }
        }
        samples.addScope(successes);
        return records.size() >= recordsPerScope && oldestActivity != null && !oldestActivity.isBefore(start);
    }

    private Instant windowStart(Instant now) {
        return now.minus(window);
    }

    /**
     * Configures {@link RefreshRhythms}. The store and the catalog are required; every other setting has a
     * default, a public constant of {@link RefreshRhythms}. Each setting is validated when it is set.
     */
    public static final class Builder {

        private final FreshnessStore store;
        private final Catalog catalog;
        private Clock clock = Clock.systemUTC();
        private Duration window = DEFAULT_WINDOW;
        private int minimumSamples = DEFAULT_MINIMUM_SAMPLES;
        private int recordsPerScope = DEFAULT_RECORDS_PER_SCOPE;
        private int scopesSampled = DEFAULT_SCOPES_SAMPLED;
        private ZoneId zone = DEFAULT_ZONE;
        private boolean ignoreEmptyRefreshes;

        private Builder(FreshnessStore store, Catalog catalog) {
            this.store = Checks.notNull(store, "store");
            this.catalog = Checks.notNull(catalog, "catalog");
        }

        /** The clock whose instant ends the window. Default: {@link Clock#systemUTC()}. */
        public Builder withClock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * Reads the successes of the last {@code window}. Default: {@link #DEFAULT_WINDOW}.
         *
         * @throws IllegalArgumentException if {@code window} is zero, negative or longer than {@link #MAX_WINDOW}
         */
        public Builder over(Duration window) {
            Checks.notNull(window, "window");
            if (window.isZero() || window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("window must be positive and at most " + MAX_WINDOW.toDays()
                        + " days, was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * Gives a median, percentile and suggested limit only from {@code samples} intervals between successes on;
         * fewer is "not enough history". Default: {@link #DEFAULT_MINIMUM_SAMPLES}.
         *
         * @throws IllegalArgumentException if {@code samples} is less than 1
         */
        public Builder needingAtLeast(int samples) {
            this.minimumSamples = Checks.positive(samples, "minimumSamples");
            return this;
        }

        /**
         * Reads at most {@code records} history records (of every outcome) per scope, the newest; a scope with more
         * in the window is {@linkplain RefreshRhythm#historyCutShort() cut short}. Default:
         * {@link #DEFAULT_RECORDS_PER_SCOPE}.
         *
         * @throws IllegalArgumentException if {@code records} is not between 2 and {@link #MAX_RECORDS_PER_SCOPE}
         */
        public Builder readingAtMostRecordsPerScope(int records) {
            if (records < 2 || records > MAX_RECORDS_PER_SCOPE) {
                throw new IllegalArgumentException("recordsPerScope must be between 2 and " + MAX_RECORDS_PER_SCOPE
                        + ", was " + records);
            }
            this.recordsPerScope = records;
            return this;
        }

        /**
         * Pools at most the first {@code scopes} scopes, in the store's page order, in
         * {@link RefreshRhythms#acrossScopes}. Default: {@link #DEFAULT_SCOPES_SAMPLED}.
         *
         * @throws IllegalArgumentException if {@code scopes} is not between 1 and {@link CrossScopeQuery#MAX_LIMIT}
         */
        public Builder samplingAtMostScopes(int scopes) {
            if (scopes < 1 || scopes > CrossScopeQuery.MAX_LIMIT) {
                throw new IllegalArgumentException("scopesSampled must be between 1 and " + CrossScopeQuery.MAX_LIMIT
                        + ", was " + scopes);
            }
            this.scopesSampled = scopes;
            return this;
        }

        /** Counts the days of the week in {@code zone}. Default: {@link #DEFAULT_ZONE}. */
        public Builder inZone(ZoneId zone) {
            this.zone = Checks.notNull(zone, "zone");
            return this;
        }

        /**
         * Does not count a success that affected zero records, in {@link RefreshRhythms#of} and
         * {@link RefreshRhythms#acrossScopes}. Default: every success counts.
         */
        public Builder ignoringEmptyRefreshes() {
            this.ignoreEmptyRefreshes = true;
            return this;
        }

        /** Builds the instance. */
        public RefreshRhythms build() {
            return new RefreshRhythms(this);
        }
    }
}
