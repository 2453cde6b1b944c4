package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link FreshnessStore} that passes every call on to another store and counts it: how many calls of each
 * operation it received, how many statuses and history records the reads returned, and which cross-scope
 * queries it was asked. It answers "how many store calls did this page, this scrape, this monitor run cost",
 * and, with its fault switches, "what happens when the store cannot be written or read".
 *
 * <pre>{@code
 * CountingStore store = new CountingStore(new InMemoryFreshnessStore());
 * DatasetFreshness freshness = DatasetFreshness.using(store, catalog).build();
 * ...
 * store.reset();
 * freshness.report(scope, "ad_performance");
 * assertThat(store.statusesCalls()).isEqualTo(1);
 * assertThat(store.reads()).isEqualTo(1);
 * }</pre>
 *
 * <p>A call is counted when it arrives, before it is passed on, so a call that fails (in the other store or by
 * a fault switch) is counted too; the rows a read returned are counted only when it returns. Every method may
 * be called from any thread. {@link #mayBlock()} and {@link #acceptsRedelivery()} answer what the other store
 * answers, unless {@link #CountingStore(FreshnessStore, boolean)} says otherwise for {@code mayBlock}.
 */
public final class CountingStore implements FreshnessStore {

    /**
     * The read operations of {@link FreshnessStore}, to choose which reads
     * {@link #failReads(Predicate, Supplier)} fails.
     */
    public enum Read {
        /** {@link FreshnessStore#status(Scope, DatasetKey)}. */
        STATUS,
        /** {@link FreshnessStore#statuses(Set, Set)}. */
        STATUSES,
        /** {@link FreshnessStore#statusesAcrossScopes(CrossScopeQuery)}. */
        ACROSS_SCOPES,
        /** {@link FreshnessStore#runHistory(RunId)}. */
        RUN_HISTORY,
        /** {@link FreshnessStore#history(Scope, DatasetKey, int)}. */
        HISTORY
    }

    private static final Predicate<Object> NEVER = anything -> false;

    private final FreshnessStore delegate;
    /** What {@link #mayBlock()} answers; null to answer what the delegate answers. */
    private final Boolean mayBlock;

    private final AtomicInteger applyCalls = new AtomicInteger();
    private final AtomicInteger applyAllCalls = new AtomicInteger();
    private final AtomicInteger createStatusesCalls = new AtomicInteger();
    private final AtomicInteger statusCalls = new AtomicInteger();
    private final AtomicInteger statusesCalls = new AtomicInteger();
    private final AtomicInteger runHistoryCalls = new AtomicInteger();
    private final AtomicInteger historyCalls = new AtomicInteger();
    private final AtomicInteger pruneHistoryCalls = new AtomicInteger();
    private final List<CrossScopeQuery> crossScopeQueries = new CopyOnWriteArrayList<>();
    private final AtomicInteger statusesRead = new AtomicInteger();
    private final AtomicInteger scopesAsked = new AtomicInteger();
    private final AtomicInteger crossScopeStatusesRead = new AtomicInteger();
    private final AtomicInteger historyRecordsRead = new AtomicInteger();

    /** The write and read faults, swapped as one so that a call never sees half of a switch. */
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);

    private record Faults(Predicate<? super RunEvent> failedWrites, Supplier<? extends RuntimeException> writeFailure,
                          Predicate<? super Read> failedReads, Supplier<? extends RuntimeException> readFailure) {
        static final Faults NONE = new Faults(NEVER, null, NEVER, null);
    }

    /**
     * Counts the calls made to {@code delegate}.
     *
     * @param delegate the store that does the work
     */
    public CountingStore(FreshnessStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.mayBlock = null;
    }

    /**
     * Counts the calls made to {@code delegate} and answers {@link #mayBlock()} with {@code mayBlock} instead of
     * the delegate's answer: a non-blocking in-memory store then takes the path of the library that a database
     * store takes (calls bounded by the store timeout, on an executor).
     *
     * @param delegate the store that does the work
     * @param mayBlock what {@link #mayBlock()} answers
     */
    public CountingStore(FreshnessStore delegate, boolean mayBlock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.mayBlock = mayBlock;
    }

    // ---- fault switches ----

    /**
     * From now on, {@link #apply(RunEvent)} throws {@code failure.get()} for every event that {@code which}
     * accepts, without passing it on; other events are written ({@link #applyAll(List)} writes them, then
     * throws). Replaces an earlier write fault.
     *
     * @param which the events whose write fails, e.g. {@code event -> event instanceof RunEvent.Succeeded}
     * @param failure makes the exception to throw, once per failed write
     * @return this store
     */
    public CountingStore failWrites(Predicate<? super RunEvent> which, Supplier<? extends RuntimeException> failure) {
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(failure, "failure");
        faults.updateAndGet(current -> new Faults(which, failure, current.failedReads(), current.readFailure()));
        return this;
    }

    /**
     * From now on, every read ({@link Read}) throws {@code failure.get()} without being passed on. Replaces an
     * earlier read fault.
     *
     * @param failure makes the exception to throw, once per failed read, e.g.
     *                {@code () -> new StoreException("down", new IOException("connection refused"))}
     * @return this store
     */
    public CountingStore failReads(Supplier<? extends RuntimeException> failure) {
        return failReads(read -> true, failure);
    }

    /**
     * From now on, the reads that {@code which} accepts throw {@code failure.get()} without being passed on; the
     * others are read. Replaces an earlier read fault.
     *
     * @param which the read operations that fail, e.g. {@code read -> read == Read.ACROSS_SCOPES}
     * @param failure makes the exception to throw, once per failed read
     * @return this store
     */
    public CountingStore failReads(Predicate<? super Read> which, Supplier<? extends RuntimeException> failure) {
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(failure, "failure");
        faults.updateAndGet(current -> new Faults(current.failedWrites(), current.writeFailure(), which, failure));
        return this;
    }

    /**
     * Switches every fault off: from now on every call is passed on.
     *
     * @return this store
     */
    public CountingStore stopFailing() {
        faults.set(Faults.NONE);
        return this;
    }

    /**
     * Forgets the counts and the recorded cross-scope queries; the data in the other store and the fault
     * switches stay as they are.
     */
    public void reset() {
        applyCalls.set(0);
        applyAllCalls.set(0);
        createStatusesCalls.set(0);
        statusCalls.set(0);
        statusesCalls.set(0);
        runHistoryCalls.set(0);
        historyCalls.set(0);
        pruneHistoryCalls.set(0);
        crossScopeQueries.clear();
        statusesRead.set(0);
        scopesAsked.set(0);
        crossScopeStatusesRead.set(0);
        historyRecordsRead.set(0);
    }

    // ---- counts ----

    /**
     * Every read call since construction or the last {@link #reset()}: {@code status}, {@code statuses},
     * {@code statusesAcrossScopes}, {@code runHistory} and {@code history} together.
     *
     * @return the number of read calls
     */
    public int reads() {
        return statusCalls() + statusesCalls() + crossScopeCalls() + runHistoryCalls() + historyCalls();
    }

    /**
     * The calls of {@link #apply(RunEvent)}, failed writes included.
     *
     * @return the number of calls
     */
    public int applyCalls() {
        return applyCalls.get();
    }

    /**
     * The calls of {@link #applyAll(List)}, failed ones included; their events are not counted in
     * {@link #applyCalls()}.
     *
     * @return the number of calls
     */
    public int applyAllCalls() {
        return applyAllCalls.get();
    }

    /**
     * The calls of {@link #createStatusesIfAbsent(Scope, Set)}.
     *
     * @return the number of calls
     */
    public int createStatusesCalls() {
        return createStatusesCalls.get();
    }

    /**
     * The calls of {@link #status(Scope, DatasetKey)}.
     *
     * @return the number of calls
     */
    public int statusCalls() {
        return statusCalls.get();
    }

    /**
     * The calls of {@link #statuses(Set, Set)}.
     *
     * @return the number of calls
     */
    public int statusesCalls() {
        return statusesCalls.get();
    }

    /**
     * The calls of {@link #statusesAcrossScopes(CrossScopeQuery)}, one per page read.
     *
     * @return the number of calls
     */
    public int crossScopeCalls() {
        return crossScopeQueries.size();
    }

    /**
     * The calls of {@link #runHistory(RunId)}.
     *
     * @return the number of calls
     */
    public int runHistoryCalls() {
        return runHistoryCalls.get();
    }

    /**
     * The calls of {@link #history(Scope, DatasetKey, int)}.
     *
     * @return the number of calls
     */
    public int historyCalls() {
        return historyCalls.get();
    }

    /**
     * The calls of {@link #pruneHistory(Instant)}.
     *
     * @return the number of calls
     */
    public int pruneHistoryCalls() {
        return pruneHistoryCalls.get();
    }

    /**
     * The queries that {@link #statusesAcrossScopes(CrossScopeQuery)} received, in the order they arrived.
     *
     * @return an unmodifiable copy of the queries
     */
    public List<CrossScopeQuery> crossScopeQueries() {
        return List.copyOf(crossScopeQueries);
    }

    /**
     * The statuses that the calls of {@link #statuses(Set, Set)} returned, added up.
     *
     * @return the number of statuses
     */
    public int statusesRead() {
        return statusesRead.get();
    }

    /**
     * The scopes that the calls of {@link #statuses(Set, Set)} asked for, added up: how many scopes a caller
     * read one by one rather than across scopes.
     *
     * @return the number of scopes
     */
    public int scopesAsked() {
        return scopesAsked.get();
    }

    /**
     * The statuses that the pages of {@link #statusesAcrossScopes(CrossScopeQuery)} returned, added up.
     *
     * @return the number of statuses
     */
    public int crossScopeStatusesRead() {
        return crossScopeStatusesRead.get();
    }

    /**
     * The history records that {@link #runHistory(RunId)} and {@link #history(Scope, DatasetKey, int)}
     * returned, added up.
     *
     * @return the number of records
     */
    public int historyRecordsRead() {
        return historyRecordsRead.get();
    }

    // ---- the store ----

    /** Counts the call, fails it if a write fault accepts {@code event}, and otherwise passes it on. */
    @Override
    public void apply(RunEvent event) {
        applyCalls.incrementAndGet();
        Faults current = faults.get();
        if (current.failedWrites().test(event)) {
            throw current.writeFailure().get();
        }
        delegate.apply(event);
    }

    /**
     * Counts the call and passes the events on in one call of the other store's {@code applyAll}, but those a
     * write fault accepts; then, if the fault accepted any, throws its exception (a batch is not all-or-nothing).
     */
    @Override
    public void applyAll(List<? extends RunEvent> events) {
        List<RunEvent> checked = FreshnessStore.checkEvents(events);
        applyAllCalls.incrementAndGet();
        Faults current = faults.get();
        List<RunEvent> passed = checked.stream().filter(event -> !current.failedWrites().test(event)).toList();
        delegate.applyAll(passed);
        if (passed.size() < checked.size()) {
            throw current.writeFailure().get();
        }
    }

    /** Counts the call and passes it on. */
    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        createStatusesCalls.incrementAndGet();
        delegate.createStatusesIfAbsent(scope, datasets);
    }

    /** Counts the call, fails it if a read fault accepts {@link Read#STATUS}, and otherwise passes it on. */
    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        statusCalls.incrementAndGet();
        failIfSwitchedOn(Read.STATUS);
        return delegate.status(scope, dataset);
    }

    /**
     * Counts the call and the scopes asked for, fails it if a read fault accepts {@link Read#STATUSES}, and
     * otherwise passes it on and counts the statuses returned.
     */
    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        statusesCalls.incrementAndGet();
        scopesAsked.addAndGet(scopes.size());
        failIfSwitchedOn(Read.STATUSES);
        List<DatasetStatus> statuses = delegate.statuses(scopes, datasets);
        statusesRead.addAndGet(statuses.size());
        return statuses;
    }

    /**
     * Records the query, fails it if a read fault accepts {@link Read#ACROSS_SCOPES}, and otherwise passes it on
     * and counts the statuses of the page returned.
     */
    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        crossScopeQueries.add(query);
        failIfSwitchedOn(Read.ACROSS_SCOPES);
        StatusPage page = delegate.statusesAcrossScopes(query);
        crossScopeStatusesRead.addAndGet(page.statuses().size());
        return page;
    }

    /**
     * Counts the call, fails it if a read fault accepts {@link Read#RUN_HISTORY}, and otherwise passes it on and
     * counts the records returned.
     */
    @Override
    public List<RunRecord> runHistory(RunId runId) {
        runHistoryCalls.incrementAndGet();
        failIfSwitchedOn(Read.RUN_HISTORY);
        List<RunRecord> records = delegate.runHistory(runId);
        historyRecordsRead.addAndGet(records.size());
        return records;
    }

    /**
     * Counts the call, fails it if a read fault accepts {@link Read#HISTORY}, and otherwise passes it on and
     * counts the records returned.
     */
    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        historyCalls.incrementAndGet();
        failIfSwitchedOn(Read.HISTORY);
        List<RunRecord> records = delegate.history(scope, dataset, limit);
        historyRecordsRead.addAndGet(records.size());
        return records;
    }

    /** Counts the call and passes it on. */
    @Override
    public int pruneHistory(Instant olderThan) {
        pruneHistoryCalls.incrementAndGet();
        return delegate.pruneHistory(olderThan);
    }

    /** The value given to the constructor, or else what the other store answers. */
    @Override
    public boolean mayBlock() {
        return mayBlock != null ? mayBlock : delegate.mayBlock();
    }

    /** What the other store answers. */
    @Override
    public boolean acceptsRedelivery() {
        return delegate.acceptsRedelivery();
    }

    private void failIfSwitchedOn(Read read) {
        Faults current = faults.get();
        if (current.failedReads().test(read)) {
            throw current.readFailure().get();
        }
    }
}
