package dev.freshness.spring.boot;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts its reads, may pretend to block, and may be told to fail. */
final class CountingStore implements FreshnessStore {

    private final InMemoryFreshnessStore delegate = new InMemoryFreshnessStore();
    private final boolean mayBlock;
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean failing;

    CountingStore(boolean mayBlock) {
        this.mayBlock = mayBlock;
    }

    private void read() {
        reads.incrementAndGet();
        if (failing) {
            throw new StoreException("the test store is down", new IllegalStateException("down"));
        }
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
        read();
        return delegate.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        read();
        return delegate.statuses(scopes, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        read();
        return delegate.statusesAcrossScopes(query);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        read();
        return delegate.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        read();
        return delegate.history(scope, dataset, limit);
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        return delegate.pruneHistory(olderThan);
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }
}
