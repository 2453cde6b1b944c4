package dev.freshness.micrometer;

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
import java.util.function.Predicate;

/**
 * A store that counts the calls made to another, and fails the writes or reads a test chooses: the proof that
 * the gauges read the store a bounded number of times.
 */
final class CountingStore implements FreshnessStore {

    private final FreshnessStore delegate;
    final AtomicInteger crossScopeReads = new AtomicInteger();
    final AtomicInteger otherReads = new AtomicInteger();
    volatile Predicate<RunEvent> failWrite = event -> false;
    volatile boolean failReads;

    CountingStore(FreshnessStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void apply(RunEvent event) {
        if (failWrite.test(event)) {
            throw new IllegalStateException("store down");
        }
        delegate.apply(event);
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        delegate.createStatusesIfAbsent(scope, datasets);
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        otherReads.incrementAndGet();
        return delegate.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        otherReads.incrementAndGet();
        return delegate.statuses(scopes, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        crossScopeReads.incrementAndGet();
        if (failReads) {
            throw new IllegalStateException("store unreachable");
        }
        return delegate.statusesAcrossScopes(query);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        otherReads.incrementAndGet();
        return delegate.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        otherReads.incrementAndGet();
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
