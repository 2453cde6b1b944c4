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
import dev.freshness.spi.LatestEvents;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store that keeps everything in memory: made for unit tests of your own jobs, with no dependency beyond
 * the API. It is thread-safe and takes no locks of its own: statuses are replaced by compare-and-set, run
 * history lives in concurrent maps. {@link #clear()} empties it between tests.
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

    private final ConcurrentHashMap<PairKey, Pair> pairs = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryFreshnessStore() {
    }

    @Override
    public void apply(RunEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        Pair pair = pairs.computeIfAbsent(new PairKey(event.scope(), event.dataset()), Pair::new);
        pair.runs.compute(event.runId(), (runId, stored) -> {
            RunRecord merged = EventMerge.merge(stored, event);
            // Done inside compute, which serialises events of one run, so the in-flight view never lags behind.
            if (merged.inFlight()) {
                pair.inFlight.put(runId, new DatasetStatus.Start(runId, merged.startedAt()));
            } else {
                pair.inFlight.remove(runId);
            }
            return merged;
        });
        pair.latest.updateAndGet(latest -> EventMerge.merge(latest, event));
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(datasets, "datasets must not be null");
        for (DatasetKey dataset : datasets) {
            pairs.computeIfAbsent(new PairKey(scope, Objects.requireNonNull(dataset, "datasets must not hold null")),
                    Pair::new);
        }
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(dataset, "dataset must not be null");
        Pair pair = pairs.get(new PairKey(scope, dataset));
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
                Pair pair = pairs.get(new PairKey(scope, Objects.requireNonNull(dataset, "datasets must not hold null")));
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
        for (Pair pair : pairs.values()) {
            if (!query.datasets().contains(pair.key.dataset())
                    || (after != null && !after.isBefore(pair.key.scope().key(), pair.key.dataset().value()))) {
                continue;
            }
            DatasetStatus status = pair.snapshot();
            if (before == null || lastSucceededBefore(status, before)) {
                matching.add(status);
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
        for (Pair pair : pairs.values()) {
            RunRecord record = pair.runs.get(runId);
            if (record != null) {
                records.add(record);
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
        Pair pair = pairs.get(new PairKey(scope, dataset));
        if (pair == null) {
            return List.of();
        }
        return pair.runs.values().stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan must not be null");
        AtomicInteger deleted = new AtomicInteger();
        for (Pair pair : pairs.values()) {
            DatasetStatus.Success lastSuccess = pair.latest.get().lastSuccess();
            RunId keep = lastSuccess == null ? null : lastSuccess.runId();
            for (RunId runId : pair.runs.keySet()) {
                if (runId.equals(keep)) {
                    continue;
                }
                pair.runs.computeIfPresent(runId, (id, record) -> {
                    if (!record.lastActivity().isBefore(olderThan)) {
                        return record;
                    }
                    pair.inFlight.remove(id);
                    deleted.incrementAndGet();
                    return null;
                });
            }
        }
        return deleted.get();
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
        pairs.clear();
    }

    private record PairKey(Scope scope, DatasetKey dataset) {
    }

    /** Everything known about one (scope, dataset). */
    private static final class Pair {
        final PairKey key;
        /**
         * Last start, success and failure, replaced as a whole by compare-and-set; runs in flight are kept apart,
         * in {@link #inFlight}, so that recording an event builds one small record rather than a whole status.
         */
        final AtomicReference<LatestEvents> latest = new AtomicReference<>(LatestEvents.NONE);
        final ConcurrentHashMap<RunId, RunRecord> runs = new ConcurrentHashMap<>();
        final ConcurrentHashMap<RunId, DatasetStatus.Start> inFlight = new ConcurrentHashMap<>();

        Pair(PairKey key) {
            this.key = key;
        }

        DatasetStatus snapshot() {
            LatestEvents facts = latest.get();
            return DatasetStatus.of(key.scope(), key.dataset(), facts.lastStart(), facts.lastSuccess(), facts.lastFailure(),
                    List.copyOf(inFlight.values()));
        }
    }
}
