package dev.freshness.monitor;

import dev.freshness.core.Scope;
import dev.freshness.report.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the monitor remembers, shared by every process that monitors the same store: the severity last notified
 * per (page, scope), and the deliveries waiting for each channel (an outbox). Each change is claimed by one
 * process only, with one atomic update of the state: this is what makes a change notified once, however many
 * processes evaluate it, and not again after a restart.
 *
 * <p>The library ships {@link InMemoryMonitorState} (one JVM; with the in-memory store) and
 * {@link dev.freshness.monitor.jdbc.JdbcMonitorState} (a small table beside the JDBC store's). Every method may be
 * called from any thread and any process.
 */
public interface MonitorState {

    /** The scopes whose notified severity for {@code pageKey} is WARNING or CRITICAL, with that severity. */
    Map<Scope, Severity> notifiedSeverities(String pageKey);

    /**
     * The scopes notified that {@code pageKey} {@linkplain Change#upcoming() will be stale} (and not yet that it
     * is), for a monitor with a lead time. A state that keeps such changes overrides this and claims them in
     * {@link #claim}: an upcoming change from OK to WARNING only if none is notified for its (page, scope), nor
     * any severity; its withdrawal (WARNING to OK) only if it is still there. Default: unsupported.
     *
     * @throws UnsupportedOperationException when this state does not keep upcoming changes
     */
    default java.util.Set<Scope> notifiedUpcoming(String pageKey) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep upcoming changes, which a monitor"
                + " with a lead time needs");
    }

    /**
     * Claims {@code change}: atomically, only if the notified severity of its (page, scope) is still
     * {@link Change#previous()}, sets it to {@link Change#current()} and adds one pending delivery of the change
     * for each of {@code channels}, all or nothing.
     *
     * @return true when this call claimed the change; false when another process (or thread) changed the notified
     *     severity first, so the change is not this caller's to notify
     */
    boolean claim(Change change, List<String> channels);

    /**
     * Claims each of {@code changes} as {@link #claim} does, each on its own terms; a state may group them in
     * fewer round trips. Default: one {@link #claim} per change.
     *
     * @return the changes this call claimed, in the order given
     */
    default List<Change> claimAll(List<Change> changes, List<String> channels) {
        List<Change> claimed = new java.util.ArrayList<>();
        for (Change change : changes) {
            if (claim(change, channels)) {
                claimed.add(change);
            }
        }
        return claimed;
    }

    /**
     * Claims for this caller the deliveries of {@code channel} that are due at {@code now} and not claimed by
     * anyone else, the oldest first, at most {@code limit}; they stay claimed until {@code claimedUntil} (then
     * another process may take them, after this one died) or until {@link #delivered} or {@link #failed}.
     *
     * @return the claimed deliveries and the token that proves the claim
     */
    Claim claimDue(String channel, Instant now, Instant claimedUntil, int limit);

    /** Removes the deliveries of {@code claim}, which were delivered; only those still held by its token. */
    void delivered(Claim claim);

    /**
     * Records that the deliveries of {@code claim} failed: one more attempt each, not due again before
     * {@code retryAt}, and no longer claimed.
     */
    void failed(Claim claim, Instant retryAt);

    /**
     * Deliveries claimed together.
     *
     * @param token what proves the claim; random, unique per claim
     * @param deliveries the claimed deliveries, oldest first; may be empty
     */
    record Claim(String token, List<PendingDelivery> deliveries) {

        /** Copies the deliveries. */
        public Claim {
            java.util.Objects.requireNonNull(token, "token must not be null");
            deliveries = List.copyOf(deliveries);
        }
    }
}
