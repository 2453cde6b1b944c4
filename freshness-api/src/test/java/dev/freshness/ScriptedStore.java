package dev.freshness;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose reads serve statuses and history put in by the test, and whose methods can be made to throw:
 * fault injection for the read paths of {@link DatasetFreshness} and {@link FreshnessRecords}. It counts the
 * calls of each method.
 */
final class ScriptedStore implements FreshnessStore {

    private final List<DatasetStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<RunRecord> history = new CopyOnWriteArrayList<>();
    private final List<RunEvent> applied = new CopyOnWriteArrayList<>();
    private final List<String> applyThreads = new CopyOnWriteArrayList<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final boolean mayBlock;
    private volatile Instant lastPruneCutoff;

    ScriptedStore(boolean mayBlock) {
        this.mayBlock = mayBlock;
    }

    /** Makes every call of {@code method} throw {@code failure}. */
    ScriptedStore failing(String method, RuntimeException failure) {
        failures.put(method, failure);
        return this;
    }

    /** Makes every read throw {@code failure}. */
    ScriptedStore failingEveryRead(RuntimeException failure) {
        for (String read : List.of("status", "statuses", "statusesAcrossScopes", "runHistory", "history", "pruneHistory")) {
            failing(read, failure);
        }
        return this;
    }

    ScriptedStore with(DatasetStatus status) {
        statuses.add(status);
        return this;
    }

    ScriptedStore with(RunRecord record) {
        history.add(record);
        return this;
    }

    Instant lastPruneCutoff() {
        return lastPruneCutoff;
    }

    int calls(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    List<RunEvent> applied() {
        return List.copyOf(applied);
    }

    List<String> applyThreads() {
        return List.copyOf(applyThreads);
    }

    private void call(String method) {
        calls.computeIfAbsent(method, key -> new AtomicInteger()).incrementAndGet();
        RuntimeException failure = failures.get(method);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void apply(RunEvent event) {
        call("apply");
        applyThreads.add(Thread.currentThread().getName());
        applied.add(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        call("createStatusesIfAbsent");
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        call("status");
        return statuses.stream().filter(status -> status.scope().equals(scope) && status.dataset().equals(dataset)).findFirst();
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        call("statuses");
        return statuses.stream().filter(status -> scopes.contains(status.scope()) && datasets.contains(status.dataset())).toList();
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        call("statusesAcrossScopes");
        List<DatasetStatus> matching = new ArrayList<>(statuses.stream()
                .filter(status -> query.datasets().contains(status.dataset()))
                .filter(status -> query.filter().map(before -> status.lastSuccess()
                        .map(success -> success.at().isBefore(before)).orElse(true)).orElse(true))
                .filter(status -> query.cursor().map(cursor -> cursor.isBefore(status.scope().key(), status.dataset().value()))
                        .orElse(true))
                .sorted(Comparator.comparing((DatasetStatus status) -> status.scope().key())
                        .thenComparing(status -> status.dataset().value()))
                .toList());
        return StatusPage.of(matching.subList(0, Math.min(query.limit(), matching.size())), query.limit());
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        call("runHistory");
        return history.stream().filter(record -> record.runId().equals(runId)).toList();
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        call("history");
        return history.stream().filter(record -> record.scope().equals(scope) && record.dataset().equals(dataset))
                .limit(limit).toList();
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        call("pruneHistory");
        lastPruneCutoff = olderThan;
        return 3;
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }
}
