package dev.freshness.reliability;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that counts the writes ({@code apply}, {@code createStatusesIfAbsent} and {@code pruneHistory}) it passes
 * on to another.
 */
class CountingStore implements FreshnessStore {

    private final FreshnessStore target;
    private final AtomicInteger writes = new AtomicInteger();

    CountingStore(FreshnessStore target) {
        this.target = target;
    }

    int writes() {
        return writes.get();
    }

    @Override
    public void apply(RunEvent event) {
        writes.incrementAndGet();
        target.apply(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        writes.incrementAndGet();
        target.createStatusesIfAbsent(scope, datasets);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        return target.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        return target.statuses(scopes, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        return target.statusesAcrossScopes(query);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        return target.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        return target.history(scope, dataset, limit);
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        writes.incrementAndGet();
        return target.pruneHistory(olderThan);
    }

    @Override
    public boolean mayBlock() {
        return target.mayBlock();
    }
}
