package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.RunContext;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The context of one call; the count stays unset (-1) until the job reports one. An untracked call gets one of its
 * own; a tracked call gets its {@link RunRecorder}, which is its context too, so that a run costs one object.
 */
class DefaultRunContext implements RunContext {

    private static final long NOT_REPORTED = -1;
    /** Updates {@link #recordsAffected} atomically without an atomic object per run. */
    private static final AtomicLongFieldUpdater<DefaultRunContext> RECORDS_AFFECTED =
            AtomicLongFieldUpdater.newUpdater(DefaultRunContext.class, "recordsAffected");

    final Scope scope;
    final DatasetKey dataset;
    final RunId runId;
    final String jobName;
    private final boolean tracked;
    /**
     * Set by release stores ({@code lazySet}) rather than volatile ones: the count is read once the job has
     * returned, on the thread that ran it or on one its end was handed to, so no store needs the full fence a
     * volatile write costs, twice in every tracked run (here and in the constructor).
     */
    private volatile long recordsAffected;

    DefaultRunContext(Scope scope, DatasetKey dataset, RunId runId, String jobName, boolean tracked) {
        this.scope = scope;
        this.dataset = dataset;
        this.runId = runId;
        this.jobName = jobName;
        this.tracked = tracked;
        RECORDS_AFFECTED.lazySet(this, NOT_REPORTED);
    }

    @Override
    public Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }

    @Override
    public DatasetKey dataset() {
        return dataset;
    }

    @Override
    public RunId runId() {
        return runId;
    }

    @Override
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    @Override
    public boolean tracked() {
        return tracked;
    }

    @Override
    public void recordsAffected(long count) {
        RECORDS_AFFECTED.lazySet(this, Checks.notNegative(count, "count"));
    }

    @Override
    public void addRecordsAffected(long count) {
        Checks.notNegative(count, "count");
        RECORDS_AFFECTED.accumulateAndGet(this, count, (current, added) -> saturatedAdd(Math.max(current, 0), added));
    }

    /** The count the job reported, or -1 when it reported none. */
    long reported() {
        return recordsAffected;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "RunContext{" + (tracked ? scope + "/" + dataset : "untracked " + dataset) + ", run " + runId + '}';
    }
}
