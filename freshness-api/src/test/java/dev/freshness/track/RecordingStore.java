package dev.freshness.track;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store that only remembers the writes made to it, in order, so that API tests can see exactly what the
 * wrapper recorded, and on which thread. It says whether it may block, to drive the wrapper down either of its
 * two paths; subclasses inject faults into {@link #apply}. It is never read.
 */
public class RecordingStore implements FreshnessStore {

    /** One call of {@link #createStatusesIfAbsent}. */
    public record CreatedStatuses(Scope scope, Set<DatasetKey> datasets) {
    }

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<CreatedStatuses> created = new CopyOnWriteArrayList<>();
    private final List<Object> writes = new CopyOnWriteArrayList<>();
    private final List<String> writeThreads = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final boolean mayBlock;

    public RecordingStore(boolean mayBlock) {
        this.mayBlock = mayBlock;
    }

    /** The events applied, in order. */
    public List<RunEvent> events() {
        return List.copyOf(events);
    }

    /** The calls of {@link #createStatusesIfAbsent}, in order. */
    public List<CreatedStatuses> createdStatuses() {
        return List.copyOf(created);
    }

    /** Every write, events and created statuses together, in the order they were made. */
    public List<Object> writes() {
        return List.copyOf(writes);
    }

    /** The name of the thread of each write, in order. */
    public List<String> writeThreads() {
        return List.copyOf(writeThreads);
    }

    /** The size of each {@link #applyAll} call, in order. */
    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    public void clear() {
        batchSizes.clear();
        events.clear();
        created.clear();
        writes.clear();
        writeThreads.clear();
    }

    @Override
    public void apply(RunEvent event) {
        writeThreads.add(Thread.currentThread().getName());
        events.add(event);
        writes.add(event);
    }

    /** Counts the call, then applies each event (so that faults injected into {@link #apply} apply to batches). */
    @Override
    public void applyAll(List<? extends RunEvent> events) {
        List<RunEvent> checked = FreshnessStore.checkEvents(events);
        batchSizes.add(checked.size());
        checked.forEach(this::apply);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        writeThreads.add(Thread.currentThread().getName());
        CreatedStatuses call = new CreatedStatuses(scope, Set.copyOf(datasets));
        created.add(call);
        writes.add(call);
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        throw new AssertionError("the wrapper never reads");
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        throw new AssertionError("the wrapper never reads");
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        throw new AssertionError("the wrapper never reads");
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        throw new AssertionError("the wrapper never reads");
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        throw new AssertionError("the wrapper never reads");
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        throw new AssertionError("the wrapper never reads");
    }
}
