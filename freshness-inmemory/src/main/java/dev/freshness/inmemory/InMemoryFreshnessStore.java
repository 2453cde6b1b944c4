package dev.freshness.inmemory;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.EventMerge;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store that keeps everything in memory: made for unit tests of your own jobs, with no dependency beyond
 * the API. It is thread-safe and takes no locks of its own: statuses and history records are replaced by
 * compare-and-set in concurrent maps. {@link #clear()} empties it between tests.
 *
 * <pre>{@code
 * InMemoryFreshnessStore store = new InMemoryFreshnessStore();
 * DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withClock(clock).build();
 * }</pre>
 */
public final class InMemoryFreshnessStore implements FreshnessStore {

    private static final Comparator<DatasetStatus> PAGE_ORDER = Comparator
            .comparing((DatasetStatus status) -> status.scope().key())
            .thenComparing(status -> status.dataset().value());

    private static final Comparator<RunRecord> NEWEST_FIRST = Comparator
            .comparing(RunRecord::lastActivity).reversed()
            .thenComparing(RunRecord::runId);

    /** Scope, then dataset: looking a pair up builds no key object, which matters on every event. */
    private volatile ConcurrentHashMap<Scope, ConcurrentHashMap<DatasetKey, Pair>> pairs = new ConcurrentHashMap<>();
    /**
     * The pair of the last event, looked at before {@link #pairs}: a job's events mostly go to one pair in a row,
     * and the two lookups in the maps are then spared. It counts only while it belongs to the current
     * {@link #pairs}: {@link #clear()} replaces the maps, so that no pair from before is written to after it.
     * A plain field, so that a miss costs no fence: every field of a pair is final, so a pair read from here
     * without synchronising is seen whole, and one read late fails the owner or key check.
     */
    private Pair lastPair;

    /** An empty store. */
    public InMemoryFreshnessStore() {
    }

    @Override
    public void apply(RunEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        Pair pair = pair(event.scope(), event.dataset());
        pair.recordInHistory(event);
        pair.mergeIntoLatest(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(datasets, "datasets must not be null");
        for (DatasetKey dataset : datasets) {
            pair(scope, Objects.requireNonNull(dataset, "datasets must not hold null"));
        }
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(dataset, "dataset must not be null");
        Pair pair = existingPair(scope, dataset);
        return pair == null ? Optional.empty() : Optional.of(pair.snapshot());
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scopes, "scopes must not be null");
        Objects.requireNonNull(datasets, "datasets must not be null");
        List<DatasetStatus> found = new ArrayList<>();
        for (Scope scope : scopes) {
            Objects.requireNonNull(scope, "scopes must not hold null");
            for (DatasetKey dataset : datasets) {
                Pair pair = existingPair(scope, Objects.requireNonNull(dataset, "datasets must not hold null"));
                if (pair != null) {
                    found.add(pair.snapshot());
                }
            }
        }
        return found;
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        Instant before = query.lastSucceededBefore();
        PageCursor after = query.after();
        List<DatasetStatus> matching = new ArrayList<>();
        for (Map<DatasetKey, Pair> ofScope : pairs.values()) {
            for (Pair pair : ofScope.values()) {
                if (!query.datasets().contains(pair.dataset)
                        || (after != null && !after.isBefore(pair.scope.key(), pair.dataset.value()))) {
                    continue;
                }
                DatasetStatus status = pair.snapshot();
                if (before == null || lastSucceededBefore(status, before)) {
                    matching.add(status);
                }
            }
        }
        matching.sort(PAGE_ORDER);
        return StatusPage.of(matching.subList(0, Math.min(query.limit(), matching.size())), query.limit());
    }

    private static boolean lastSucceededBefore(DatasetStatus status, Instant before) {
        return status.lastSuccess().map(success -> success.at().isBefore(before)).orElse(true);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        Objects.requireNonNull(runId, "runId must not be null");
        List<RunRecord> records = new ArrayList<>();
        for (Map<DatasetKey, Pair> ofScope : pairs.values()) {
            for (Pair pair : ofScope.values()) {
                RunRecord record = pair.record(runId);
                if (record != null) {
                    records.add(record);
                }
            }
        }
        records.sort(Comparator.comparing((RunRecord record) -> record.scope().key())
                .thenComparing(record -> record.dataset().value()));
        return records;
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(dataset, "dataset must not be null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        Pair pair = existingPair(scope, dataset);
        if (pair == null) {
            return List.of();
        }
        return pair.runs.values().stream().map(RunSlot::get).filter(record -> record != RunSlot.REMOVED)
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan must not be null");
        int deleted = 0;
        for (Map<DatasetKey, Pair> ofScope : pairs.values()) {
            for (Pair pair : ofScope.values()) {
                RunEvent.Succeeded lastSuccess = pair.latest.get().success;
                RunId keep = lastSuccess == null ? null : lastSuccess.runId();
                for (RunId runId : pair.runs.keySet()) {
                    if (!runId.equals(keep) && pair.removeIfOlder(runId, olderThan)) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * Never: every operation works on memory only. The tracked-job wrapper therefore calls this store directly
     * on the job's thread, with no executor hand-off; the store timeout does not apply because a call cannot hang.
     */
    @Override
    public boolean mayBlock() {
        return false;
    }

    /** Forgets everything: statuses and history. */
    public void clear() {
        pairs = new ConcurrentHashMap<>();
        lastPair = null;
    }

    /** The pair of {@code scope} and {@code dataset}, made empty when there is none yet. */
    private Pair pair(Scope scope, DatasetKey dataset) {
        ConcurrentHashMap<Scope, ConcurrentHashMap<DatasetKey, Pair>> all = pairs;
        Pair last = lastPair;
        if (last != null && last.owner == all && last.dataset.equals(dataset) && last.scope.equals(scope)) {
            return last;
        }
        ConcurrentHashMap<DatasetKey, Pair> ofScope = all.get(scope);
        if (ofScope == null) {
            ofScope = all.computeIfAbsent(scope, key -> new ConcurrentHashMap<>());
        }
        Pair pair = ofScope.get(dataset);
        if (pair == null) {
            pair = ofScope.computeIfAbsent(dataset, key -> new Pair(scope, key, all));
        }
        lastPair = pair;
        return pair;
    }

    private Pair existingPair(Scope scope, DatasetKey dataset) {
        Map<DatasetKey, Pair> ofScope = pairs.get(scope);
        return ofScope == null ? null : ofScope.get(dataset);
    }

    /**
     * Where one run's history record of one pair lives: made at the run's first event, then each event replaces the
     * record by compare-and-set of the slot alone (no lock of the map). Pruning marks a slot {@link #REMOVED} before
     * taking it out of the map, so that a writer holding it retries on a new slot instead of writing into one that
     * is gone.
     */
    private static final class RunSlot extends AtomicReference<RunRecord> {
        /** The mark of a pruned slot; never shown to anyone. */
        static final RunRecord REMOVED = new RunRecord(Scope.global(), DatasetKey.of("removed"), RunId.of("removed"),
                null, Instant.EPOCH, null, null, 0, null);

        final RunId runId;

        RunSlot(RunId runId, RunRecord record) {
            super(record);
            this.runId = runId;
        }
    }

    /**
     * The last start, success and failure of a pair, kept as the events themselves: merging an event then builds
     * one small object where {@link dev.freshness.spi.LatestEvents} takes two (its record of the event as well),
     * and the status's records are made when it is read. The rules are {@link EventMerge}'s, which the contract
     * suite checks: the event of a kind with the greatest instant wins, a tie going to the greater run id, and an
     * event that does not win changes nothing.
     */
    private static final class Latest {
        static final Latest NONE = new Latest(null, null, null);

        final RunEvent.Started start;
        final RunEvent.Succeeded success;
        final RunEvent.Failed failure;

        Latest(RunEvent.Started start, RunEvent.Succeeded success, RunEvent.Failed failure) {
            this.start = start;
            this.success = success;
            this.failure = failure;
        }

        /** The facts with {@code event} merged; this same object when the event changes nothing. */
        Latest merge(RunEvent event) {
            if (event instanceof RunEvent.Started started) {
                return supersedes(started, start) ? new Latest(started, success, failure) : this;
            }
            if (event instanceof RunEvent.Succeeded succeeded) {
                return supersedes(succeeded, success) ? new Latest(start, succeeded, failure) : this;
            }
            RunEvent.Failed failed = (RunEvent.Failed) event;
            return supersedes(failed, failure) ? new Latest(start, success, failed) : this;
        }

        private static boolean supersedes(RunEvent event, RunEvent stored) {
            if (stored == null) {
                return true;
            }
            int byInstant = event.at().compareTo(stored.at());
            return byInstant > 0 || (byInstant == 0 && event.runId().compareTo(stored.runId()) > 0);
        }
    }

    /** Everything known about one (scope, dataset). */
    private static final class Pair {
        private static final VarHandle LAST_WRITTEN;

        static {
            try {
                LAST_WRITTEN = MethodHandles.lookup().findVarHandle(Pair.class, "lastWritten", RunSlot.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Scope scope;
        final DatasetKey dataset;
        /** The maps of the store that hold this pair, which {@link #clear()} replaces. */
        final Map<Scope, ? extends Map<DatasetKey, Pair>> owner;
        /**
         * Last start, success and failure, replaced as a whole by compare-and-set; runs in flight are kept apart,
         * in {@link #inFlight}, so that recording an event builds one small record rather than a whole status.
         */
        final AtomicReference<Latest> latest = new AtomicReference<>(Latest.NONE);
        final ConcurrentHashMap<RunId, RunSlot> runs = new ConcurrentHashMap<>();
        /**
         * The slots of {@link #runs} whose record is in flight, so that a status is read without the history. It
         * holds slots rather than records so that it changes only when a run enters or leaves flight, not with
         * every event of a run in flight.
         */
        final ConcurrentHashMap<RunId, RunSlot> inFlight = new ConcurrentHashMap<>();
        /**
         * The slot of the last run written, looked at before {@link #runs}: the events of a run mostly follow each
         * other (a start, then its success), so the second one finds its slot without hashing. Possibly pruned
         * since, which its {@link RunSlot#REMOVED} mark tells. Written with release and read with acquire
         * semantics ({@link #LAST_WRITTEN}): that publishes the slot as a volatile field would, without the fence
         * a volatile write costs on every run. A reader may see an older slot, which the run id check skips.
         */
        @SuppressWarnings("unused") // through LAST_WRITTEN
        private RunSlot lastWritten;

        Pair(Scope scope, DatasetKey dataset, Map<Scope, ? extends Map<DatasetKey, Pair>> owner) {
            this.scope = scope;
            this.dataset = dataset;
            this.owner = owner;
        }

        void mergeIntoLatest(RunEvent event) {
            Latest stored;
            Latest merged;
            do {
                stored = latest.get();
                merged = stored.merge(event);
            } while (merged != stored && !latest.compareAndSet(stored, merged));
        }

        /**
         * Merges {@code event} into its run's record by compare-and-set of the run's slot (a retry sees the record
         * that won; a slot that pruning took away is replaced), then brings the in-flight view up to date when the
         * run entered or left flight.
         */
        void recordInHistory(RunEvent event) {
            RunId runId = event.runId();
            RunSlot slot = (RunSlot) LAST_WRITTEN.getAcquire(this);
            if (slot == null || (slot.runId != runId && !slot.runId.equals(runId))) {
                slot = runs.get(runId);
            }
            while (true) {
                if (slot == null) {
                    RunRecord created = EventMerge.merge((RunRecord) null, event);
                    RunSlot made = new RunSlot(runId, created);
                    if (runs.putIfAbsent(runId, made) == null) {
                        LAST_WRITTEN.setRelease(this, made);
                        if (created.inFlight()) {
                            updateInFlight(made, created);
                        }
                        return;
                    }
                    slot = runs.get(runId);
                    continue;
                }
                RunRecord stored = slot.get();
                if (stored == RunSlot.REMOVED) {
                    runs.remove(runId, slot);
                    slot = runs.get(runId);
                    continue;
                }
                RunRecord merged = EventMerge.merge(stored, event);
                if (merged == stored) {
                    return;
                }
                if (slot.compareAndSet(stored, merged)) {
                    if (LAST_WRITTEN.getAcquire(this) != slot) {
                        LAST_WRITTEN.setRelease(this, slot);
                    }
                    if (merged.inFlight() != stored.inFlight()) {
                        updateInFlight(slot, merged);
                    }
                    return;
                }
            }
        }

        /**
         * Makes {@link #inFlight} agree with the run's current slot and record, starting from the record this
         * writer just wrote into {@code slot} ({@link RunSlot#REMOVED}: pruned). A writer does this after each
         * write that takes a run into or out of flight and repeats it while the record changes under it, so the
         * last view written is always of the last record: a writer that wrote an older view sees the newer record
         * and writes again. A write that leaves the run in or out of flight needs no view of its own: the view of
         * the record it replaced, with the same membership, holds for it too.
         */
        void updateInFlight(RunSlot slot, RunRecord written) {
            RunId runId = slot.runId;
            RunSlot currentSlot = slot;
            RunRecord current = written;
            while (true) {
                boolean wroteInFlight = current != null && current != RunSlot.REMOVED && current.inFlight();
                if (wroteInFlight) {
                    inFlight.put(runId, currentSlot);
                } else {
                    inFlight.remove(runId);
                }
                RunRecord now = currentSlot == null ? RunSlot.REMOVED : currentSlot.get();
                if (now == RunSlot.REMOVED) {
                    // The slot is gone: what counts now is the run's slot in the map, if any. One that is pruned
                    // too counts as none: its pruner brings the view up to date after marking it.
                    currentSlot = runs.get(runId);
                    now = currentSlot == null ? null : currentSlot.get();
                    if (now == RunSlot.REMOVED) {
                        now = null;
                    }
                    if (now == null) {
                        currentSlot = null;
                        if (!wroteInFlight) {
                            return;
                        }
                    }
                } else if (now == current) {
                    return;
                }
                current = now;
            }
        }

        /** Deletes the run's record when its last activity is before {@code olderThan}; true when it did. */
        boolean removeIfOlder(RunId runId, Instant olderThan) {
            RunSlot slot = runs.get(runId);
            RunRecord record;
            while (slot != null && (record = slot.get()) != RunSlot.REMOVED && record.lastActivity().isBefore(olderThan)) {
                if (slot.compareAndSet(record, RunSlot.REMOVED)) {
                    runs.remove(runId, slot);
                    // A run in flight whose record goes is no longer in flight.
                    updateInFlight(slot, RunSlot.REMOVED);
                    return true;
                }
            }
            return false;
        }

        /** The run's current history record, or null when it has none. */
        RunRecord record(RunId runId) {
            RunSlot slot = runs.get(runId);
            RunRecord record = slot == null ? null : slot.get();
            return record == RunSlot.REMOVED ? null : record;
        }

        DatasetStatus snapshot() {
            Latest facts = latest.get();
            List<DatasetStatus.Start> running = new ArrayList<>();
            for (RunSlot slot : inFlight.values()) {
                // A run that just left flight may still be in the view until its writer takes it out.
                RunRecord run = slot.get();
                if (run != RunSlot.REMOVED && run.inFlight()) {
                    running.add(new DatasetStatus.Start(run.runId(), run.startedAt()));
                }
            }
            return DatasetStatus.of(scope, dataset,
                    facts.start == null ? null : new DatasetStatus.Start(facts.start.runId(), facts.start.at()),
                    facts.success == null ? null : new DatasetStatus.Success(facts.success.runId(), facts.success.at(),
                            facts.success.recordsAffected()),
                    facts.failure == null ? null : new DatasetStatus.Failure(facts.failure.runId(), facts.failure.at(),
                            facts.failure.error()),
                    running);
        }
    }
}
