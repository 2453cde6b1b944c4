package dev.freshness.acceptance.support;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store, with every read counted: how many calls of each kind, and how many statuses the multi-scope
 * and cross-scope reads returned.
 */
public final class CountingStore implements FreshnessStore {

    private final FreshnessStore delegate;
    public final AtomicInteger statusCalls = new AtomicInteger();
    public final AtomicInteger statusesCalls = new AtomicInteger();
    public final AtomicInteger statusesRead = new AtomicInteger();
    public final AtomicInteger historyCalls = new AtomicInteger();
    public final List<CrossScopeQuery> crossScopeQueries = new CopyOnWriteArrayList<>();
    public final AtomicInteger crossScopeStatusesRead = new AtomicInteger();
    public final AtomicInteger createStatusesCalls = new AtomicInteger();

    public CountingStore(FreshnessStore delegate) {
        this.delegate = delegate;
    }

    /** Forgets the counts, not the data. */
    public void reset() {
        statusCalls.set(0);
        statusesCalls.set(0);
        statusesRead.set(0);
        historyCalls.set(0);
        crossScopeQueries.clear();
        crossScopeStatusesRead.set(0);
        createStatusesCalls.set(0);
    }

    /** Every read call since the last reset. */
    public int reads() {
        return statusCalls.get() + statusesCalls.get() + historyCalls.get() + crossScopeQueries.size();
    }

    @Override
    public void apply(RunEvent event) {
        delegate.apply(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        createStatusesCalls.incrementAndGet();
        delegate.createStatusesIfAbsent(scope, datasets);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        statusCalls.incrementAndGet();
        return delegate.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        statusesCalls.incrementAndGet();
        List<DatasetStatus> statuses = delegate.statuses(scopes, datasets);
        statusesRead.addAndGet(statuses.size());
        return statuses;
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
