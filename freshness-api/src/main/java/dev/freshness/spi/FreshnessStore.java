package dev.freshness.spi;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where statuses and run history live: the interface a store author implements, and nothing an application
 * calls (applications use {@code DatasetFreshness}). The library ships an in-memory store (for tests) and a
 * JDBC store; anyone can write their own from this contract and prove it with the contract suite of
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
 *   <li><b>Failures.</b> A failure of what the store stands on (a database, a network) is thrown as a
 *       {@link dev.freshness.core.StoreException} with the underlying exception as its cause; the library wraps
 *       any other runtime exception of a store the same way before an application sees it.</li>
 * </ul>
 * Arguments are validated value types; a store only has to reject nulls (with a
 * {@link NullPointerException}) and a history limit below 1, before changing anything.
 */
public interface FreshnessStore {

    /** Merges one event into the status of its (scope, dataset) and into its run's history. */
    void apply(RunEvent event);

    /**
     * Merges several events, for a run that records many scopes at once (a job over 10,000 tenants records its
     * outcomes with one call). The result equals {@link #apply applying} each event singly, in any order: events
     * of the same (scope, dataset), of the same run, with equal instants, or repeated, merge exactly as they
     * would one by one. A store that can write several events in one round trip (a JDBC batch) overrides it;
     * the default applies them one by one, in the list's order, so every store supports it.
     *
     * <p><b>Not all-or-nothing.</b> A store may write a long list in parts (the JDBC store commits one
     * transaction per chunk), so when this method throws, any part of the list may have been written, none, or
     * all. Merging makes the remedy simple and safe: apply the whole list again, or each of its events, later
     * (the library's redelivery keeps every event of a failed call). A store never drops an event silently:
     * if it did not write one, the call throws.
     *
     * <p>An empty list writes nothing. The list is checked first ({@link #checkEvents}): a null list or a null
     * element throws a {@link NullPointerException} before anything is written.
     *
     * @param events the events to merge, in any order; repeats are allowed
     * @throws NullPointerException if {@code events} or one of its elements is null
     */
    default void applyAll(List<? extends RunEvent> events) {
        for (RunEvent event : checkEvents(events)) {
            apply(event);
        }
    }

    /**
     * Makes an empty status (no start, success or failure) exist for each of {@code datasets} in {@code scope}
     * that has none yet; a status that exists is left exactly as it is. The library calls it when it first
     * writes an event of a dataset for a scope, with the other datasets that the same pages need, so that a
     * scope missing one of them is seen by {@link #statusesAcrossScopes} as never having succeeded at it: before
     * every event for a store that never blocks, before the first event of each (scope, dataset) seen by an
     * instance for a store that may block.
     */
    void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets);

    /** The status of one (scope, dataset), or empty when nothing was ever recorded for it. */
    Optional<DatasetStatus> status(Scope scope, DatasetKey dataset);

    /**
     * The statuses of every (scope, dataset) of {@code scopes} x {@code datasets} that exists, in no particular
     * order, read together (one query where the store has queries; a store may split a long list of scopes into
     * a few). The library reads a page report with one scope, and a cross-scope check with a page of scopes.
     */
    List<DatasetStatus> statuses(Set<Scope> scopes, Set<DatasetKey> datasets);

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
     * the calls of a run by its store timeout, so that a hanging store cannot hold a job: it calls the store on
     * an executor and, at the timeout, cancels the call with an interrupt (a store that honours interrupts frees
     * its thread; one that does not still never holds the job). A store that never blocks returns false and is
     * called directly on the job's thread, at no extra cost.
     */
    default boolean mayBlock() {
        return true;
    }

    /**
     * True when an event this store could not write may be written again later, from the library's redelivery
     * thread. A store bound to a caller's transaction or connection returns false: its events belong to that
     * transaction, which another thread must not use and which is over by then.
     */
    default boolean acceptsRedelivery() {
        return true;
    }

    /**
     * The check every {@link #applyAll} runs before it writes anything: {@code events} as an unmodifiable list,
     * or a {@link NullPointerException} naming the parameter ({@code events}, or {@code events[i]} for the
     * first null element).
     *
     * @param events the argument of {@link #applyAll}
     * @return the same events, in the same order, in a list no one else can change
     * @throws NullPointerException if {@code events} or one of its elements is null
     */
    static List<RunEvent> checkEvents(List<? extends RunEvent> events) {
        if (events == null) {
            throw new NullPointerException("events must not be null");
        }
        RunEvent[] checked = events.toArray(new RunEvent[0]);
        for (int i = 0; i < checked.length; i++) {
            if (checked[i] == null) {
                throw new NullPointerException("events[" + i + "] must not be null (a list of " + checked.length
                        + " events)");
            }
        }
        return List.of(checked);
    }
}
