package dev.freshness.track;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the redelivery of tracked events stands, from {@code freshness.records().redeliveryStatus()}: the events
 * a tracked job could not write (the store failed, timed out or was too busy), kept in a bounded queue and written
 * in the background, oldest first, once the store answers again. Made for metrics (a gauge of {@link #queued()},
 * a counter of {@link #dropped()}) and health checks. A snapshot: immutable, taken when asked.
 */
public final class RedeliveryStatus {

    private final int queued;
    private final int capacity;
    private final long dropped;
    private final long delivered;
    private final long failedAttempts;
    private final Instant oldestQueued;
    private final Map<String, Integer> queuedByDataset;

    /**
     * A snapshot of the redelivery of one {@code DatasetFreshness}.
     *
     * @param oldestQueued the instant of the oldest queued event, or null when none is queued
     */
    public RedeliveryStatus(int queued, int capacity, long dropped, long delivered, long failedAttempts,
                            Instant oldestQueued, Map<String, Integer> queuedByDataset) {
        this.queued = queued;
        this.capacity = capacity;
        this.dropped = dropped;
        this.delivered = delivered;
        this.failedAttempts = failedAttempts;
        this.oldestQueued = oldestQueued;
        this.queuedByDataset = Map.copyOf(queuedByDataset);
    }

    /** How many events wait to be written now. */
    public int queued() {
        return queued;
    }

    /** The most events the queue holds; when it is full, the oldest is dropped to make room. */
    public int capacity() {
        return capacity;
    }

    /**
     * How many events were dropped, oldest first, because the queue was full, since the instance was built. A
     * dropped event is no longer retried; a redelivery that was already writing it when it was dropped may still
     * complete, so the store can hold some of the newest dropped events too (at most one write's worth).
     */
    public long dropped() {
        return dropped;
    }

    /** How many queued events were written by the redelivery since the instance was built. */
    public long delivered() {
        return delivered;
    }

    /** How many times the redelivery tried to write the oldest queued event and the store failed again. */
    public long failedAttempts() {
        return failedAttempts;
    }

    /** The instant of the oldest event still queued. */
    public Optional<Instant> oldestQueued() {
        return Optional.ofNullable(oldestQueued);
    }

    /** The queued events per dataset key. */
    public Map<String, Integer> queuedByDataset() {
        return queuedByDataset;
    }

    /** True when nothing waits to be written. */
    public boolean isEmpty() {
        return queued == 0;
    }

    @Override
    public String toString() {
        return "RedeliveryStatus{queued=" + queued + "/" + capacity + ", dropped=" + dropped + ", delivered="
                + delivered + ", failedAttempts=" + failedAttempts + (oldestQueued == null ? "" : ", oldest="
                + oldestQueued) + '}';
    }
}
