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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store that only remembers the events applied to it, so that API tests can see exactly what the wrapper
 * recorded. It says whether it may block, to drive the wrapper down either of its two paths; subclasses inject
 * faults into {@link #apply}.
 */
class RecordingStore implements FreshnessStore {

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final boolean mayBlock;

    RecordingStore(boolean mayBlock) {
        this.mayBlock = mayBlock;
    }

    List<RunEvent> events() {
        return List.copyOf(events);
    }

    void clear() {
        events.clear();
    }

    @Override
    public void apply(RunEvent event) {
        events.add(event);
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
    public Map<DatasetKey, DatasetStatus> statuses(Scope scope, Set<DatasetKey> datasets) {
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
