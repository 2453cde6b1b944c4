package dev.freshness.monitor;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.Scope;
import dev.freshness.monitor.internal.EvaluationClock;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.spi.FreshnessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Tells people when a page's data turns stale, critical, or fresh again for a scope: it evaluates every page of
 * the catalog across scopes, and notifies each <em>change</em> once, to every channel, across all the processes
 * that share the {@link MonitorState} and across restarts.
 *
 * <pre>{@code
 * FreshnessMonitor monitor = FreshnessMonitor.using(store, catalog, JdbcMonitorState.using(dataSource).createSchemaIfMissing().build())
 *         .withChannel("log", new LogNotifier())
 *         .withChannel("ops", WebhookNotifier.to(URI.create("https://ops.example.com/hooks/freshness")).withSecret(secret).build())
 *         .withChannel("slack", SlackNotifier.to(URI.create(slackWebhookUrl)))
 *         .build();
 * ScheduledFuture<?> monitoring = monitor.start(scheduler);    // your threads; or call runOnce() from your own scheduler
 * }</pre>
 *
 * <p><b>A run</b> ({@link #runOnce(Instant)}) has two halves. <em>Evaluation</em>: for each page, the scopes at
 * warning or worse are read with the cross-scope check ({@code DatasetFreshness.staleScopes}, whose cost grows with
 * the stale scopes, not with all scopes), and the severities notified before with one read of the state; each
 * difference is a change, claimed with one atomic update of the state, which adds a pending delivery per channel
 * in the same update. A scope notified before and no longer stale has recovered; the statuses of the recovered
 * scopes are read a few hundred scopes per store call, for their sentences. <em>Delivery</em>: each channel
 * claims its due deliveries (for {@link Builder#withClaimDuration a while}, so that a process that dies holding
 * them only delays them) and delivers them, one by one, or as one digest when at least the
 * {@linkplain Builder#withDigestThreshold digest threshold} are due together. A channel that fails keeps its
 * deliveries for a retry with backoff; the other channels are not held up.
 *
 * <p>Delivery is at least once: a process that dies after a receiver took a delivery but before it recorded
 * that, leaves it to be delivered again by another, with the same {@link Delivery#id()} for the receiver to
 * drop. Instances are thread-safe; runs of one instance never overlap.
 */
public final class FreshnessMonitor {

    /** How often {@link #start} evaluates the pages, unless configured otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** How often {@link #start} delivers what is due, unless configured otherwise. */
    public static final Duration DEFAULT_DELIVERY_INTERVAL = Duration.ofSeconds(5);

    /** From how many changes due together a channel receives one digest instead, unless configured otherwise. */
    public static final int DEFAULT_DIGEST_THRESHOLD = 20;

    /** How long after a first failed delivery it is retried; each further failure doubles it. */
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(10);

    /** The longest wait between two retries, unless configured otherwise. */
    public static final Duration DEFAULT_MAX_RETRY = Duration.ofMinutes(10);

    /**
     * How long a process holds the deliveries it claimed before another may take them, unless configured
     * otherwise. Longer than a delivery takes (a notifier's timeout), so that two processes never deliver at once.
     */
    public static final Duration DEFAULT_CLAIM_DURATION = Duration.ofMinutes(2);

    /** The most deliveries of one channel claimed, and so put in one digest, at once. */
    public static final int MAX_DELIVERIES_PER_CLAIM = 10_000;

    /**
     * How many stale scopes one cross-scope check returns: each call reads every candidate of the page, so fewer,
     * larger pages cost less.
     */
    static final int STALE_SCOPES_PER_CALL = 10_000;

    /** How many recovered scopes one status read takes. */
    static final int SCOPES_PER_READ = 500;

    private static final Logger LOG = LoggerFactory.getLogger(FreshnessMonitor.class);
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final FreshnessStore store;
    private final Catalog catalog;
    private final MonitorState state;
    private final Clock clock;
    private final Map<String, Notifier> channels;
    private final Duration interval;
    private final Duration deliveryInterval;
    private final int digestThreshold;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Duration claimDuration;
    /** How far ahead to warn that a page will be stale; null when the monitor only tells what happened. */
    private final Duration leadTime;
    private final EvaluationClock evaluationClock = new EvaluationClock();
    private final DatasetFreshness reads;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Instant lastEvaluation;

    private FreshnessMonitor(Builder builder) {
        this.store = builder.store;
        this.catalog = builder.catalog;
        this.state = builder.state;
        this.clock = builder.clock;
        this.channels = Map.copyOf(builder.channels);
        this.interval = builder.interval;
        this.deliveryInterval = builder.deliveryInterval;
        this.digestThreshold = builder.digestThreshold;
        this.firstRetry = builder.firstRetry;
        this.maxRetry = builder.maxRetry;
        this.claimDuration = builder.claimDuration;
        this.leadTime = builder.leadTime;
        // Only reads: the store is called on the caller's thread, no executor of its own is started.
        this.reads = DatasetFreshness.using(store, catalog).withClock(evaluationClock)
                .withStoreExecutor(Runnable::run).build();
    }

    /**
     * Starts building a monitor of the pages of {@code catalog}, reading the statuses in {@code store}, and keeping
     * what it notified in {@code state}. At least one channel is required.
     */
    public static Builder using(FreshnessStore store, Catalog catalog, MonitorState state) {
        return new Builder(store, catalog, state);
    }

    /** {@link #runOnce(Instant)} at the clock's instant. */
    public MonitorRun runOnce() {
        return runOnce(clock.instant());
    }

    /**
     * Evaluates every page at {@code now} and claims the changes, then delivers to each channel what is due at
     * {@code now}. For tests (with a clock of their own) and for applications that schedule it themselves. A store
     * or state that fails makes this run throw; nothing half-done is lost, the next run takes it up again.
     */
    public MonitorRun runOnce(Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        running.lock();
        try {
            List<Change> claimed = evaluate(now);
            int[] counts = deliver(now);
            return new MonitorRun(claimed, counts[0], counts[1]);
        } finally {
            running.unlock();
        }
    }

    /**
     * Runs on {@code scheduler}, which stays yours: every {@link Builder#withDeliveryInterval delivery interval} it
     * delivers what is due, and evaluates the pages when the {@link Builder#withInterval interval} has passed
     * since the last evaluation. A failing run is logged at WARN and the next one runs as usual. Cancel the
     * returned future to stop.
     */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        return scheduler.scheduleWithFixedDelay(this::scheduledRun, 0, deliveryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduledRun() {
        if (!running.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            Instant last = lastEvaluation;
            if (last == null || !now.isBefore(last.plus(interval))) {
                lastEvaluation = now;
                evaluate(now);
            }
            deliver(now);
        } catch (RuntimeException failure) {
            LOG.warn("Freshness monitor: the run failed and is tried again at the next interval: {}", failure.toString());
        } finally {
            running.unlock();
        }
    }

    // ---- evaluation -------------------------------------------------------------------------------------------

    private List<Change> evaluate(Instant now) {
        evaluationClock.set(now);
        List<String> channelNames = List.copyOf(channels.keySet());
        List<Change> claimed = new ArrayList<>();
        for (PageDefinition page : catalog.pages()) {
            if (page.requirements().isEmpty()) {
                continue;
            }
            Map<Scope, FreshnessReport> stale = staleScopes(page, Duration.ZERO);
            Map<Scope, Severity> notified = state.notifiedSeverities(page.key());
            List<Change> changes = new ArrayList<>();
            if (leadTime != null) {
                changes.addAll(upcoming(page, stale, notified, now, channelNames));
            }
            stale.forEach((scope, report) -> {
                Severity before = notified.getOrDefault(scope, Severity.OK);
                if (before != report.severity()) {
                    changes.add(new Change(page.key(), scope, before, report.severity(), report.banner(), now));
                }
            });
            List<Scope> recovered = notified.keySet().stream().filter(scope -> !stale.containsKey(scope)).sorted().toList();
            changes.addAll(recoveries(page, recovered, notified, now));
            if (!changes.isEmpty()) {
                claimed.addAll(state.claimAll(changes, channelNames));
            }
        }
        return claimed;
    }

    /**
     * The "will be stale" changes of {@code page}: one for each scope that is fresh now, notified nothing, and
     * will be at warning or worse within the lead time; read with the same cross-scope check as the stale
     * scopes, looking ahead. The upcoming changes notified before that are over (the scope turned stale, or was
     * refreshed) are withdrawn first, in the state only: a scope that turned stale is then notified as such, and
     * one that goes stale again later is warned again.
     */
    private List<Change> upcoming(PageDefinition page, Map<Scope, FreshnessReport> stale, Map<Scope, Severity> notified,
                                  Instant now, List<String> channelNames) {
        Map<Scope, FreshnessReport> soon = staleScopes(page, leadTime);
        soon.keySet().removeAll(stale.keySet());
        java.util.Set<Scope> warned = state.notifiedUpcoming(page.key());
        List<Change> withdrawn = warned.stream().filter(scope -> !soon.containsKey(scope)).sorted()
                .map(scope -> Change.upcomingWithdrawn(page.key(), scope, now)).toList();
        if (!withdrawn.isEmpty()) {
            state.claimAll(withdrawn, List.of());
        }
        List<Change> changes = new ArrayList<>();
        soon.forEach((scope, report) -> {
            if (!warned.contains(scope) && !notified.containsKey(scope)) {
                changes.add(Change.willBeStale(page.key(), scope, ReportFormatter.english().outlook(report), now));
            }
        });
        return changes;
    }

    /** The scopes of {@code page} at warning or worse now or within {@code within}, with their reports now. */
    private Map<Scope, FreshnessReport> staleScopes(PageDefinition page, Duration within) {
        Map<Scope, FreshnessReport> stale = new LinkedHashMap<>();
        StaleScopesPage.Cursor cursor = null;
        do {
            StaleScopesPage found = reads.staleScopesWithin(page.key(), within, cursor, STALE_SCOPES_PER_CALL);
            found.reports().forEach(report -> stale.put(report.scope(), report));
            cursor = found.nextPage().orElse(null);
        } while (cursor != null);
        return stale;
    }

    /**
     * The recoveries of {@code scopes}, which were notified stale and are not stale now: read again, so that a
     * scope that is still stale (it became so between the two reads) is not said to have recovered.
     */
    private List<Change> recoveries(PageDefinition page, List<Scope> scopes, Map<Scope, Severity> notified, Instant now) {
        List<Change> changes = new ArrayList<>();
        Set<DatasetKey> datasets = new HashSet<>(page.datasets());
        for (int from = 0; from < scopes.size(); from += SCOPES_PER_READ) {
            List<Scope> chunk = scopes.subList(from, Math.min(scopes.size(), from + SCOPES_PER_READ));
            Map<Scope, Map<DatasetKey, DatasetStatus>> statuses = new HashMap<>();
            for (DatasetStatus status : store.statuses(new HashSet<>(chunk), datasets)) {
                statuses.computeIfAbsent(status.scope(), scope -> new HashMap<>()).put(status.dataset(), status);
            }
            for (Scope scope : chunk) {
                FreshnessReport report = report(page, scope, statuses.getOrDefault(scope, Map.of()), now);
                if (report.severity() == Severity.OK) {
                    changes.add(new Change(page.key(), scope, notified.get(scope), Severity.OK,
                            String.join(" ", report.sentences()), now));
                }
            }
        }
        return changes;
    }

    private FreshnessReport report(PageDefinition page, Scope scope, Map<DatasetKey, DatasetStatus> statuses, Instant now) {
        List<DatasetVerdict> verdicts = new ArrayList<>();
        for (Requirement requirement : page.requirements()) {
            DatasetDefinition dataset = catalog.dataset(requirement.dataset()).orElseThrow();
            DatasetStatus status = statuses.getOrDefault(requirement.dataset(), DatasetStatus.empty(scope, requirement.dataset()));
            verdicts.add(DatasetVerdict.judge(dataset, requirement, status, now));
        }
        return FreshnessReport.of(scope, page, now, verdicts);
    }

    // ---- delivery ---------------------------------------------------------------------------------------------

    /** Delivers what is due to each channel; returns {delivered, failed}. */
    private int[] deliver(Instant now) {
        int delivered = 0;
        int failed = 0;
        for (Map.Entry<String, Notifier> channel : channels.entrySet()) {
            MonitorState.Claim claim = state.claimDue(channel.getKey(), now, now.plus(claimDuration), MAX_DELIVERIES_PER_CLAIM);
            List<PendingDelivery> due = claim.deliveries();
            if (due.isEmpty()) {
                continue;
            }
            if (due.size() >= digestThreshold) {
                String id = channel.getKey() + "-" + due.get(0).id() + "-" + due.get(due.size() - 1).id();
                List<Change> changes = due.stream().map(PendingDelivery::change).toList();
                if (attempt(channel, new Delivery(id, changes, true), claim, due, now)) {
                    delivered += due.size();
                } else {
                    failed += due.size();
                }
                continue;
            }
            for (int i = 0; i < due.size(); i++) {
                PendingDelivery one = due.get(i);
                Delivery delivery = new Delivery(channel.getKey() + "-" + one.id(), List.of(one.change()), false);
                if (attempt(channel, delivery, claim, List.of(one), now)) {
                    delivered++;
                } else {
                    // Later changes wait behind the failed one, so that a receiver sees each scope's changes in order.
                    List<PendingDelivery> rest = due.subList(i + 1, due.size());
                    state.failed(new MonitorState.Claim(claim.token(), rest), retryAt(now, one.attempts()));
                    failed += due.size() - i;
                    break;
                }
            }
        }
        return new int[] {delivered, failed};
    }

    private boolean attempt(Map.Entry<String, Notifier> channel, Delivery delivery, MonitorState.Claim claim,
                            List<PendingDelivery> deliveries, Instant now) {
        try {
            channel.getValue().deliver(delivery);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            state.failed(new MonitorState.Claim(claim.token(), deliveries), now);
            throw new IllegalStateException("interrupted while delivering to channel '" + channel.getKey() + "'", interrupted);
        } catch (Exception failure) {
            int attempts = deliveries.get(0).attempts();
            Instant retryAt = retryAt(now, attempts);
            state.failed(new MonitorState.Claim(claim.token(), deliveries), retryAt);
            LOG.warn("Freshness monitor: channel '{}' ({}) did not take {} change(s) (attempt {}); retrying at {}: {}",
                    channel.getKey(), channel.getValue().describe(), deliveries.size(), attempts + 1, retryAt,
                    failure.toString());
            return false;
        }
        state.delivered(new MonitorState.Claim(claim.token(), deliveries));
        return true;
    }

    private Instant retryAt(Instant now, int previousAttempts) {
        Duration wait = firstRetry;
        for (int i = 0; i < previousAttempts && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return now.plus(wait.compareTo(maxRetry) > 0 ? maxRetry : wait);
    }

    /**
     * The names of the channels, with how each is described in the log (no secret), and the lead time when there
     * is one: {@code FreshnessMonitor{log=log}, lead time PT1H}.
     */
    @Override
    public String toString() {
        Map<String, String> described = new LinkedHashMap<>();
        channels.forEach((name, notifier) -> described.put(name, notifier.describe()));
        return "FreshnessMonitor" + described + (leadTime == null ? "" : ", lead time " + leadTime);
    }

    /**
     * Configures a {@link FreshnessMonitor}. The store, catalog and state are required, and at least one channel;
     * every other setting has a default, a public constant of {@link FreshnessMonitor}, and is validated when set.
     */
    public static final class Builder {

        private final FreshnessStore store;
        private final Catalog catalog;
        private final MonitorState state;
        private final Map<String, Notifier> channels = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Duration interval = DEFAULT_INTERVAL;
        private Duration deliveryInterval = DEFAULT_DELIVERY_INTERVAL;
        private int digestThreshold = DEFAULT_DIGEST_THRESHOLD;
        private Duration firstRetry = DEFAULT_FIRST_RETRY;
        private Duration maxRetry = DEFAULT_MAX_RETRY;
        private Duration claimDuration = DEFAULT_CLAIM_DURATION;
        private Duration leadTime;

        private Builder(FreshnessStore store, Catalog catalog, MonitorState state) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.catalog = Objects.requireNonNull(catalog, "catalog must not be null");
            this.state = Objects.requireNonNull(state, "state must not be null");
        }

        /**
         * Adds a channel: every change is delivered to {@code notifier}, once. The name identifies the channel's
         * pending deliveries in the state, so keep it when the application restarts or changes the notifier's
         * settings; every process of the application must name the same channels.
         *
         * @param name letters, digits, {@code _ . -}, 1 to 100 characters, unique in this monitor
         * @throws IllegalArgumentException if the name is malformed or already used
         */
        public Builder withChannel(String name, Notifier notifier) {
            Objects.requireNonNull(name, "channel name must not be null");
            Objects.requireNonNull(notifier, "notifier must not be null");
            if (!CHANNEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("channel name must be 1 to 100 letters, digits, '_', '.' or '-', was '"
                        + name.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (channels.containsKey(name)) {
                throw new IllegalArgumentException("channel name '" + name + "' is used twice");
            }
            channels.put(name, notifier);
            return this;
        }

        /** The clock of {@link #runOnce()} and of the scheduled runs. Default: {@link Clock#systemUTC()}. */
        public Builder withClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** How often the scheduled monitor evaluates the pages. Default: {@link #DEFAULT_INTERVAL}. */
        public Builder withInterval(Duration interval) {
            this.interval = positive(interval, "interval");
            return this;
        }

        /** How often the scheduled monitor delivers what is due. Default: {@link #DEFAULT_DELIVERY_INTERVAL}. */
        public Builder withDeliveryInterval(Duration deliveryInterval) {
            this.deliveryInterval = positive(deliveryInterval, "deliveryInterval");
            return this;
        }

        /**
         * From how many changes due together for one channel they are sent as one digest. Default:
         * {@link #DEFAULT_DIGEST_THRESHOLD}; 1 sends everything as digests.
         *
         * @throws IllegalArgumentException if {@code threshold} is less than 1
         */
        public Builder withDigestThreshold(int threshold) {
            if (threshold < 1) {
                throw new IllegalArgumentException("digestThreshold must be at least 1, was " + threshold);
            }
            this.digestThreshold = threshold;
            return this;
        }

        /**
         * The backoff of failed deliveries: the first retry after {@code first}, each next one after twice the
         * wait before, at most {@code max}. Retries never stop: a channel that comes back gets everything.
         * Default: {@link #DEFAULT_FIRST_RETRY}, {@link #DEFAULT_MAX_RETRY}.
         *
         * @throws IllegalArgumentException if a duration is not positive, or {@code max} is less than {@code first}
         */
        public Builder withRetryBackoff(Duration first, Duration max) {
            positive(first, "first retry");
            positive(max, "max retry");
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("max retry must be at least the first retry (" + first + "), was " + max);
            }
            this.firstRetry = first;
            this.maxRetry = max;
            return this;
        }

        /**
         * How long a process holds the deliveries it claimed before another process may take them (when the first
         * died). Keep it longer than a notifier's timeout. Default: {@link #DEFAULT_CLAIM_DURATION}.
         */
        public Builder withClaimDuration(Duration claimDuration) {
            this.claimDuration = positive(claimDuration, "claimDuration");
            return this;
        }

        /**
         * Warns before a breach: a page that is fresh for a scope but will be at warning or worse within
         * {@code leadTime} if nothing succeeds meanwhile is notified once, as a {@link Change.Kind#WILL_BE_STALE}
         * change whose sentence says when ("Orders goes stale in 2 hours 40 minutes."), through the same state and
         * channels as the other changes. It is notified again only after the page was refreshed or turned stale,
         * and is about to turn stale again. The look ahead is the cross-scope check with its cutoff moved
         * {@code leadTime} into the future: one more read per page, of the scopes stale by then. The state must
         * keep upcoming changes ({@link MonitorState#notifiedUpcoming}; both shipped states do). Default: off.
         *
         * @throws IllegalArgumentException if {@code leadTime} is not positive
         */
        public Builder withLeadTime(Duration leadTime) {
            this.leadTime = positive(leadTime, "leadTime");
            return this;
        }

        /**
         * The monitor.
         *
         * @throws IllegalStateException when no channel was added
         */
        public FreshnessMonitor build() {
            if (channels.isEmpty()) {
                throw new IllegalStateException("a monitor needs at least one channel: add one with withChannel(name, notifier)");
            }
            return new FreshnessMonitor(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " must not be null");
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
