package dev.freshness.spi;

import dev.freshness.DatasetKey;
import dev.freshness.DatasetStatus;
import dev.freshness.RunEvent;
import dev.freshness.RunId;
import dev.freshness.RunRecord;
import dev.freshness.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where statuses and run history live. The library ships an in-memory store (for tests) and a JDBC store;
 * anyone can write their own from this contract and prove it with the contract suite of
 * {@code freshness-testkit}.
 *
 * <p>What every implementation must guarantee:
 * <ul>
 *   <li><b>Merge, not overwrite.</b> {@link #apply} merges an event into the stored facts with the rules of
 *       {@link EventMerge}: the same set of events applied in any order, from any number of threads or
 *       processes, with any event repeated, leaves the same status and history. No locks are needed by the
 *       caller and no update is lost.</li>
 *   <li><b>Isolation.</b> Reads for one scope never return another scope's data.</li>
 *   <li><b>Status without history.</b> Reading a status costs the same however long the history is.</li>
 *   <li><b>Thread safety.</b> Every method may be called from any thread.</li>
 * </ul>
 * Arguments are validated value types; a store only has to reject nulls (with a
 * {@link NullPointerException}) and a history limit below 1, before changing anything.
 */
public interface FreshnessStore {

    /** Merges one event into the status of its (scope, dataset) and into its run's history. */
    void apply(RunEvent event);

    /** The status of one (scope, dataset), or empty when nothing was ever recorded for it. */
    Optional<DatasetStatus> status(Scope scope, DatasetKey dataset);

    /**
     * The statuses of several datasets of one scope, read together (one query where the store has queries).
     * Datasets with nothing recorded are absent from the result.
     */
    Map<DatasetKey, DatasetStatus> statuses(Scope scope, Set<DatasetKey> datasets);

    /**
     * The statuses of some datasets across all scopes, optionally only those last refreshed before an instant
     * (never refreshed counts as before every instant), one page at a time in {@link StatusPage} order.
     */
    StatusPage statusesAcrossScopes(CrossScopeQuery query);

    /** Every history record of one run, across the scopes and datasets it touched, ordered by scope then dataset. */
    List<RunRecord> runHistory(RunId runId);

    /**
     * The latest history records of one (scope, dataset), newest activity first, at most {@code limit}.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    List<RunRecord> history(Scope scope, DatasetKey dataset, int limit);

    /**
     * Deletes the history records whose last activity is strictly before {@code olderThan}, finished or in
     * flight, except, for each (scope, dataset), the record of the run that holds its last success. The last
     * start, success and failure of every status are not changed; a run in flight whose record is deleted is no
     * longer in flight (it was abandoned before the cutoff, so it must not show as running forever).
     *
     * @return how many records were deleted
     */
    int pruneHistory(Instant olderThan);

    /**
     * True when a call may wait on I/O or locks (a database, a network). The tracked-job wrapper then bounds
     * every call by its store timeout, so that a hanging store cannot hold a job. A store that never blocks
     * returns false and is called directly on the job's thread, at no extra cost.
     */
    default boolean mayBlock() {
        return true;
    }
}
