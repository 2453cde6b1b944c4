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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that keeps everything in memory: made for unit tests of your own jobs, with no dependency beyond
 * the API. It is thread-safe: each (scope, dataset) has a lock of its own, held while an event merges into it or a
 * read copies it, so events of different statuses never wait for each other. {@link #clear()} empties it between
 * tests.
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
     * A plain field, so that a miss costs no fence: a pair's keys and owner are final and the rest is read under its
     * lock, so a pair read from here without synchronising is seen whole, and one read late fails the owner or key
     * check.
     */
    private Pair lastPair;

    /** An empty store. */
    public InMemoryFreshnessStore() {
    }

    @Override
    public void apply(RunEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        pair(event.scope(), event.dataset()).apply(event);
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
        return pair.records().stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan must not be null");
        int deleted = 0;
        for (Map<DatasetKey, Pair> ofScope : pairs.values()) {
            for (Pair pair : ofScope.values()) {
                deleted += pair.prune(olderThan);
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
     * Everything known about one (scope, dataset), guarded by the pair itself: an event merges under its pair's
     * lock, and a read copies what it needs under it. One uncontended lock per event costs fewer atomic
     * instructions than the compare-and-set of a run's record, of the latest events and of a concurrent map of the
     * runs in flight that a lock-free pair needs, and an event allocates nothing here but the merged record (and, at
     * a run's first event, its entry in {@link #runs}).
     */
    private static final class Pair {
        final Scope scope;
        final DatasetKey dataset;
        /** The maps of the store that hold this pair, which {@link #clear()} replaces. */
        final Map<Scope, ? extends Map<DatasetKey, Pair>> owner;

        // Everything below is guarded by this pair.
        /**
         * The last start, success and failure, kept as the events themselves: the status's records are made when
         * it is read. The rules are {@link EventMerge}'s, which the contract suite checks: the event of a kind with
         * the greatest instant wins, a tie going to the greater run id, and an event that does not win changes
         * nothing.
         */
        private RunEvent.Started lastStart;
        private RunEvent.Succeeded lastSuccess;
        private RunEvent.Failed lastFailure;
        private final HashMap<RunId, Run> runs = new HashMap<>();
        /**
         * The run of the last event, looked at before {@link #runs}: the events of a run mostly follow each other
         * (a start, then its success), so the second one finds its run without hashing. Null once pruned.
         */
        private Run lastRun;
        /** The first of the runs in flight, each linked to the next, so that a status is read without the history. */
        private Run firstInFlight;

        Pair(Scope scope, DatasetKey dataset, Map<Scope, ? extends Map<DatasetKey, Pair>> owner) {
            this.scope = scope;
            this.dataset = dataset;
            this.owner = owner;
        }

        synchronized void apply(RunEvent event) {
            recordInHistory(event);
            mergeIntoLatest(event);
        }

        private void mergeIntoLatest(RunEvent event) {
            if (event instanceof RunEvent.Started started) {
                if (supersedes(started, lastStart)) {
                    lastStart = started;
                }
            } else if (event instanceof RunEvent.Succeeded succeeded) {
                if (supersedes(succeeded, lastSuccess)) {
                    lastSuccess = succeeded;
                }
            } else {
                RunEvent.Failed failed = (RunEvent.Failed) event;
                if (supersedes(failed, lastFailure)) {
                    lastFailure = failed;
                }
            }
        }

        private static boolean supersedes(RunEvent event, RunEvent stored) {
            if (stored == null) {
                return true;
            }
            int byInstant = event.at().compareTo(stored.at());
            return byInstant > 0 || (byInstant == 0 && event.runId().compareTo(stored.runId()) > 0);
        }

        /** Merges {@code event} into its run's record, and links or unlinks the run when it enters or leaves flight. */
        private void recordInHistory(RunEvent event) {
            RunId runId = event.runId();
            Run run = lastRun;
            if (run == null || (run.record.runId() != runId && !run.record.runId().equals(runId))) {
                run = runs.get(runId);
            }
            if (run == null) {
                run = new Run(EventMerge.merge((RunRecord) null, event));
                runs.put(runId, run);
                if (run.record.inFlight()) {
                    linkInFlight(run);
                }
            } else {
                RunRecord merged = EventMerge.merge(run.record, event);
                if (merged == run.record) {
                    return;
                }
                boolean wasInFlight = run.record.inFlight();
                run.record = merged;
                if (merged.inFlight() != wasInFlight) {
                    if (wasInFlight) {
                        unlinkInFlight(run);
                    } else {
                        linkInFlight(run);
                    }
                }
            }
            lastRun = run;
        }

        private void linkInFlight(Run run) {
            run.nextInFlight = firstInFlight;
            if (firstInFlight != null) {
                firstInFlight.previousInFlight = run;
            }
            firstInFlight = run;
        }

        private void unlinkInFlight(Run run) {
            if (run.previousInFlight != null) {
                run.previousInFlight.nextInFlight = run.nextInFlight;
            } else {
                firstInFlight = run.nextInFlight;
            }
            if (run.nextInFlight != null) {
                run.nextInFlight.previousInFlight = run.previousInFlight;
            }
            run.previousInFlight = null;
            run.nextInFlight = null;
        }

        /**
         * Deletes the records whose last activity is before {@code olderThan}, but for the run that holds the
         * last success; a run in flight whose record goes is no longer in flight. Returns how many it deleted.
         */
        synchronized int prune(Instant olderThan) {
            RunId keep = lastSuccess == null ? null : lastSuccess.runId();
            int deleted = 0;
            for (Iterator<Run> each = runs.values().iterator(); each.hasNext(); ) {
                Run run = each.next();
                if (run.record.lastActivity().isBefore(olderThan) && !run.record.runId().equals(keep)) {
                    each.remove();
                    if (run.record.inFlight()) {
                        unlinkInFlight(run);
                    }
                    if (lastRun == run) {
                        lastRun = null;
                    }
                    deleted++;
                }
            }
            return deleted;
        }

        /** The run's current history record, or null when it has none. */
        synchronized RunRecord record(RunId runId) {
            Run run = runs.get(runId);
            return run == null ? null : run.record;
        }

        /** Every history record of this pair, in no order. */
        synchronized List<RunRecord> records() {
            List<RunRecord> records = new ArrayList<>(runs.size());
            for (Run run : runs.values()) {
                records.add(run.record);
            }
            return records;
        }

        synchronized DatasetStatus snapshot() {
            List<DatasetStatus.Start> running = new ArrayList<>();
            for (Run run = firstInFlight; run != null; run = run.nextInFlight) {
                running.add(new DatasetStatus.Start(run.record.runId(), run.record.startedAt()));
            }
            return DatasetStatus.of(scope, dataset,
                    lastStart == null ? null : new DatasetStatus.Start(lastStart.runId(), lastStart.at()),
                    lastSuccess == null ? null : new DatasetStatus.Success(lastSuccess.runId(), lastSuccess.at(),
                            lastSuccess.recordsAffected()),
                    lastFailure == null ? null : new DatasetStatus.Failure(lastFailure.runId(), lastFailure.at(),
                            lastFailure.error()),
                    running);
        }
    }

    /**
     * One run's history record in a pair, and its place among the pair's runs in flight while it is in flight:
     * a run enters and leaves flight with no allocation. Guarded by its pair.
     */
    private static final class Run {
        RunRecord record;
        Run previousInFlight;
        Run nextInFlight;

        Run(RunRecord record) {
            this.record = record;
        }
    }
}
