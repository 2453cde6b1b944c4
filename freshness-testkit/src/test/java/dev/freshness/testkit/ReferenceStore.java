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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that keeps every event it is given and answers every read from the {@link ReferenceModel}: slow and
 * obviously right. The contract must pass it; its broken subclasses in {@link ContractSelfTest} must fail.
 */
class ReferenceStore implements FreshnessStore {

    /** One (scope, dataset). */
    record Pair(Scope scope, DatasetKey dataset) {
    }

    /** One run of one (scope, dataset). */
    private record PairRun(Pair pair, RunId runId) {
    }

    static final Comparator<DatasetStatus> PAGE_ORDER = Comparator
            .comparing((DatasetStatus status) -> status.scope().key())
            .thenComparing(status -> status.dataset().value());

    final Map<Pair, Set<RunEvent>> events = new ConcurrentHashMap<>();
    private final Set<PairRun> pruned = ConcurrentHashMap.newKeySet();

    @Override
    public void apply(RunEvent event) {
        Objects.requireNonNull(event, "event");
        events.computeIfAbsent(new Pair(event.scope(), event.dataset()), pair -> ConcurrentHashMap.newKeySet()).add(event);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        Pair pair = new Pair(Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(dataset, "dataset"));
        Set<RunEvent> ofPair = events.get(pair);
        if (ofPair == null) {
            return Optional.empty();
        }
        if (ofPair.isEmpty()) {
            return Optional.of(DatasetStatus.empty(scope, dataset));
        }
        DatasetStatus status = new ReferenceModel(List.copyOf(ofPair)).status(scope, dataset).orElseThrow();
        return Optional.of(status.withRunsInFlight(status.runsInFlight().stream()
                .filter(start -> !pruned.contains(new PairRun(pair, start.runId()))).toList()));
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        Objects.requireNonNull(scope, "scope");
        for (DatasetKey dataset : List.copyOf(Objects.requireNonNull(datasets, "datasets"))) {
            events.computeIfAbsent(new Pair(scope, Objects.requireNonNull(dataset, "dataset")),
                    pair -> ConcurrentHashMap.newKeySet());
        }
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        Objects.requireNonNull(datasets, "datasets");
        List<DatasetStatus> found = new ArrayList<>();
        for (Scope scope : List.copyOf(Objects.requireNonNull(scopes, "scopes"))) {
            for (DatasetKey dataset : List.copyOf(datasets)) {
                status(scope, dataset).ifPresent(found::add);
            }
        }
        return found;
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        Objects.requireNonNull(query, "query");
        List<DatasetStatus> matching = new ArrayList<>();
        for (Pair pair : events.keySet()) {
            if (!query.datasets().contains(pair.dataset())) {
                continue;
            }
            DatasetStatus status = status(pair.scope(), pair.dataset()).orElseThrow();
            boolean old = query.filter().map(before -> status.lastSuccess()
                    .map(success -> success.at().isBefore(before)).orElse(true)).orElse(true);
            boolean afterCursor = query.cursor().map(cursor -> cursor.isBefore(pair.scope().key(), pair.dataset().value()))
                    .orElse(true);
            if (old && afterCursor) {
                matching.add(status);
            }
        }
        matching.sort(pageOrder());
        return StatusPage.of(matching.subList(0, Math.min(query.limit(), matching.size())), query.limit());
    }

    Comparator<DatasetStatus> pageOrder() {
        return PAGE_ORDER;
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        Objects.requireNonNull(runId, "runId");
        List<RunRecord> records = new ArrayList<>();
        for (Pair pair : events.keySet()) {
            records.addAll(records(pair).stream().filter(record -> record.runId().equals(runId)).toList());
        }
        records.sort(Comparator.comparing((RunRecord record) -> record.scope().key())
                .thenComparing(record -> record.dataset().value()));
        return records;
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        Pair pair = new Pair(Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(dataset, "dataset"));
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        return records(pair).stream()
                .sorted(Comparator.comparing(RunRecord::lastActivity).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        int deleted = 0;
        for (Pair pair : events.keySet()) {
            RunId keep = keptByPruning(pair);
            for (RunRecord record : records(pair)) {
                if (record.lastActivity().isBefore(olderThan) && !record.runId().equals(keep)) {
                    pruned.add(new PairRun(pair, record.runId()));
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** The run whose record pruning keeps: the one holding the last success. */
    RunId keptByPruning(Pair pair) {
        return status(pair.scope(), pair.dataset()).orElseThrow().lastSuccess().map(DatasetStatus.Success::runId).orElse(null);
    }

    private List<RunRecord> records(Pair pair) {
        Set<RunEvent> ofPair = events.getOrDefault(pair, Set.of());
        return new ReferenceModel(List.copyOf(ofPair)).history(pair.scope(), pair.dataset()).stream()
                .filter(record -> !pruned.contains(new PairRun(pair, record.runId())))
                .toList();
    }
}
