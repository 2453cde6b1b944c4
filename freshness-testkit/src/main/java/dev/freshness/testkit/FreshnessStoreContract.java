package dev.freshness.testkit;

import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every {@link FreshnessStore} must pass. Extend it in your store's tests and supply an empty
 * store; every part of the suite runs as a nested class of your test:
 *
 * <pre>{@code
 * class MyStoreTest extends FreshnessStoreContract {
 *     @Override
 *     protected FreshnessStore newStore() {
 *         return new MyStore(...);   // or empty a shared one and return it
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks:
 * <ul>
 *   <li>each store operation on its own, and the values at the limits of each type kept whole;</li>
 *   <li>the merge rules as a randomized property: {@value MergePropertyContract#EVENT_SETS} random event sets,
 *       each applied in {@value MergePropertyContract#ORDERS_PER_SET} random orders with random repeats,
 *       leave the status and history that a naive reference model computes from the set;</li>
 *   <li>a run reporting both outcomes: the last outcome wins, a failure wins a tie, in both arrival orders;</li>
 *   <li>the cross-scope read: its filter, its binary page order and its cursor;</li>
 *   <li>history pruning: the latest success of each (scope, dataset) is never pruned, statuses keep their last
 *       start, success and failure;</li>
 *   <li>empty statuses created if absent, never changing one that exists;</li>
 *   <li>written through {@code DatasetFreshness}, the cross-scope check of a page agrees with the report of
 *       every scope that has any status for the page's datasets;</li>
 *   <li>what limit to set ({@code RefreshRhythms}): the newest history records within the read limit, the
 *       intervals between successes of each scope in a window, and a requirement tighter than that rhythm;</li>
 *   <li>{@link FreshnessStore#applyAll}: a batch of random events over {@value BatchContract#EVENT_SETS}
 *       scopes, several events of one (scope, dataset) in one batch, an empty batch and one over
 *       {@value BatchContract#LARGE_BATCH_SCOPES} scopes leave what the same events applied singly leave;</li>
 *   <li>tenant isolation, bad input (the store left unchanged), and {@value ConcurrencyContract#THREADS}
 *       threads writing {@value ConcurrencyContract#EVENTS_PER_THREAD} events each over 20 pairs.</li>
 * </ul>
 *
 * <p>Events carry their own instants (with millisecond precision), so a store that can stamp events with the
 * database clock must run the suite with that option off. The random tests use the seed {@value #DEFAULT_SEED};
 * a failure names its seed, and {@code -D}{@value #SEED_PROPERTY}{@code =<seed>} replays it, or tries another.
 * Results are reported under the names of the nested parts, so every failure message starts with the name of
 * your test class: a module may run the contract for several stores.
 */
@ExtendWith(NameTheStoreOnFailure.class)
@SuppressWarnings("exports") // JUnit, not the store author, instantiates the extension
public abstract class FreshnessStoreContract {

    /** For a store's test class, which supplies the store under test. */
    public FreshnessStoreContract() {}

    /** The system property that overrides the seed of the random tests. */
    public static final String SEED_PROPERTY = "freshness.contract.seed";

    /** The seed of the random tests unless {@value #SEED_PROPERTY} is set. */
    public static final long DEFAULT_SEED = 20_260_105L;

    private FreshnessStore store;

    /**
     * Creates the store the next test uses. Called before each test; the store must be empty: a new instance,
     * or a shared one emptied (for a database, its tables truncated).
     *
     * @return an empty store
     */
    protected abstract FreshnessStore newStore();

    /** Creates this test's store. */
    @BeforeEach
    final void createEmptyStore() {
        store = newStore();
        if (store == null) {
            throw new IllegalStateException(getClass().getName() + ".newStore() returned null");
        }
    }

    /** The seed of the random tests: {@value #SEED_PROPERTY} when set, otherwise {@value #DEFAULT_SEED}. */
    static long seed() {
        String property = System.getProperty(SEED_PROPERTY);
        if (property == null || property.isBlank()) {
            return DEFAULT_SEED;
        }
        try {
            return Long.decode(property.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, was '" + property + "'", e);
        }
    }

    /** Each store operation on its own. */
    @Nested
    @DisplayName("store operations")
    class StoreOperations extends StoreOperationsContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** The merge rules as a randomized property against a reference model. */
    @Nested
    @DisplayName("merge in any order, with repeats")
    class MergeProperty extends MergePropertyContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** A run that reports a success and a failure. */
    @Nested
    @DisplayName("the last outcome wins")
    class OutcomeConflict extends OutcomeConflictContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** The cross-scope read: filter, order, cursor. */
    @Nested
    @DisplayName("statuses across scopes")
    class CrossScopeRead extends CrossScopeReadContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** History pruning. */
    @Nested
    @DisplayName("history pruning")
    class HistoryPruning extends HistoryPruningContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** Reads for one scope never return another's. */
    @Nested
    @DisplayName("tenant isolation")
    class TenantIsolation extends TenantIsolationContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** Bad input leaves the store unchanged. */
    @Nested
    @DisplayName("bad input")
    class BadInput extends BadInputContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** Empty statuses made for the datasets a page needs together. */
    @Nested
    @DisplayName("statuses created if absent")
    class StatusCreation extends StatusCreationContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** The cross-scope check and the per-scope report agree. */
    @Nested
    @DisplayName("the cross-scope check agrees with each report")
    class PageAgreement extends PageAgreementContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** The history and cross-scope reads of what limit to set. */
    @Nested
    @DisplayName("refresh rhythms read from history")
    class RefreshRhythms extends RefreshRhythmContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** Many events in one call. */
    @Nested
    @DisplayName("a batch merges as single events")
    class Batch extends BatchContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }

    /** Concurrent writers. */
    @Nested
    @DisplayName("concurrent writers")
    class Concurrency extends ConcurrencyContract {
        @Override
        FreshnessStore store() {
            return store;
        }
    }
}
