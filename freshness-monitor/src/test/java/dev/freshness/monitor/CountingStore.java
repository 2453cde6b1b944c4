package dev.freshness.monitor;

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

/** A store that counts the reads it is asked for, to prove what a monitor run costs. */
class CountingStore implements FreshnessStore {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger scopesRead = new AtomicInteger();
    private final FreshnessStore delegate;

    CountingStore(FreshnessStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void apply(RunEvent event) {
        delegate.apply(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        delegate.createStatusesIfAbsent(scope, datasets);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        reads.incrementAndGet();
        return delegate.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        reads.incrementAndGet();
        scopesRead.addAndGet(scopes.size());
        return delegate.statuses(scopes, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        reads.incrementAndGet();
        return delegate.statusesAcrossScopes(query);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        reads.incrementAndGet();
        return delegate.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        reads.incrementAndGet();
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
