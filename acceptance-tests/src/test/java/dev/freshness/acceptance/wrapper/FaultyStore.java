package dev.freshness.acceptance.wrapper;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory store behind a fault: writes (events, and the statuses created for a page's other datasets)
 * throw, fail one call in three, or hang. Reads pass through.
 */
final class FaultyStore implements FreshnessStore {

    enum Fault {
        /** Every write throws. */
        THROWS,
        /** Every third write throws; the others are stored. */
        FAILS_ONE_IN_THREE,
        /** Every write hangs until interrupted, as a call stuck on a lock with a driver that honours interrupts. */
        HANGS,
        /**
         * Every write hangs until {@link #release()} whatever happens, as a call stuck in a socket read; at most
         * {@link #DEAF_HANG_LIMIT_SECONDS}, so that a broken timeout fails the test instead of hanging it.
         */
        HANGS_IGNORING_INTERRUPTS
    }

    static final long DEAF_HANG_LIMIT_SECONDS = 30;

    private final CountDownLatch released = new CountDownLatch(1);

    private final InMemoryFreshnessStore delegate = new InMemoryFreshnessStore();
    private final Fault fault;
    private final boolean mayBlock;
    private final AtomicLong writes = new AtomicLong();

    FaultyStore(Fault fault, boolean mayBlock) {
        this.fault = fault;
        this.mayBlock = mayBlock;
    }

    Fault fault() {
        return fault;
    }

    /** Ends the hangs of {@link Fault#HANGS_IGNORING_INTERRUPTS}, present and future. */
    void release() {
        released.countDown();
    }

    @Override
    public void apply(RunEvent event) {
        if (failAsConfigured()) {
            delegate.apply(event);
        }
    }

    @Override
    public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
        if (failAsConfigured()) {
            delegate.createStatusesIfAbsent(scope, datasets);
        }
    }

    /** Throws or hangs as the fault says; true when the write goes on, false when a hang was interrupted. */
    private boolean failAsConfigured() {
        long call = writes.incrementAndGet();
        switch (fault) {
            case THROWS -> throw new IllegalStateException("store down");
            case FAILS_ONE_IN_THREE -> {
                if (call % 3 == 0) {
                    throw new IllegalStateException("store failed call " + call);
                }
            }
            case HANGS -> {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            case HANGS_IGNORING_INTERRUPTS -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEAF_HANG_LIMIT_SECONDS);
                boolean done = false;
                while (!done && System.nanoTime() < end) {
                    try {
                        done = released.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException ignored) {
                        // Deaf on purpose.
                    }
                }
            }
        }
        return true;
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
        return delegate.status(scope, dataset);
    }

    @Override
    public List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets) {
        return delegate.statuses(scopes, datasets);
    }

    @Override
    public StatusPage statusesAcrossScopes(CrossScopeQuery query) {
        return delegate.statusesAcrossScopes(query);
    }

    @Override
    public List<RunRecord> runHistory(RunId runId) {
        return delegate.runHistory(runId);
    }

    @Override
    public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
        return delegate.history(scope, dataset, limit);
    }

    @Override
    public int pruneHistory(Instant olderThan) {
        return delegate.pruneHistory(olderThan);
    }
}
