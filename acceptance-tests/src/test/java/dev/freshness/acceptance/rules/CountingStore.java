package dev.freshness.acceptance.rules;

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
import java.util.concurrent.atomic.AtomicInteger;

/** A real store, with every read counted: how many calls, and how many statuses the cross-scope reads returned. */
final class CountingStore implements FreshnessStore {

    private final FreshnessStore delegate;
    final AtomicInteger statusCalls = new AtomicInteger();
    final AtomicInteger statusesCalls = new AtomicInteger();
    final AtomicInteger historyCalls = new AtomicInteger();
    final List<CrossScopeQuery> crossScopeQueries = new CopyOnWriteArrayList<>();
    final AtomicInteger crossScopeStatusesRead = new AtomicInteger();

    CountingStore(FreshnessStore delegate) {
        this.delegate = delegate;
    }

    void reset() {
        statusCalls.set(0);
        statusesCalls.set(0);
        historyCalls.set(0);
        crossScopeQueries.clear();
        crossScopeStatusesRead.set(0);
    }

    int reads() {
        return statusCalls.get() + statusesCalls.get() + historyCalls.get() + crossScopeQueries.size();
    }

    @Override
    public void apply(RunEvent event) {
        delegate.apply(event);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        statusCalls.incrementAndGet();
        return delegate.status(scope, dataset);
    }

    @Override
    public Map<DatasetKey, DatasetStatus> statuses(Scope scope, Set<DatasetKey> datasets) {
        statusesCalls.incrementAndGet();
        return delegate.statuses(scope, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        crossScopeQueries.add(query);
        StatusPage page = delegate.statusesAcrossScopes(query);
        crossScopeStatusesRead.addAndGet(page.statuses().size());
        return page;
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        return delegate.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        historyCalls.incrementAndGet();
        return delegate.history(scope, dataset, limit);
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        return delegate.pruneHistory(olderThan);
    }

    @Override
    public boolean mayBlock() {
        return delegate.mayBlock();
    }
}
