package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.FreshnessStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The store tests that {@link ContractSelfTest} launches; not run on their own, as their names end in neither Test nor Tests. */
final class StoreRuns {

    private StoreRuns() {
    }

    static class Reference extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore();
        }
    }

    /** Keeps only the latest-arrived event of each kind: last writer wins, so order matters. */
    static class Overwriting extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                public void apply(RunEvent event) {
                    Set<RunEvent> ofPair = events.computeIfAbsent(new Pair(event.scope(), event.dataset()),
                            pair -> ConcurrentHashMap.newKeySet());
                    ofPair.removeIf(stored -> stored.getClass() == event.getClass());
                    ofPair.add(event);
                }
            };
        }
    }

    /**
     * Writes a batch as one multi-row upsert would when it keeps one row per key: only the last event of each
     * (scope, dataset) in the list.
     */
    static class BatchKeepsOneEventPerPair extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                public void applyAll(List<? extends RunEvent> events) {
                    Map<Pair, RunEvent> lastOfPair = new LinkedHashMap<>();
                    for (RunEvent event : FreshnessStore.checkEvents(events)) {
                        lastOfPair.put(new Pair(event.scope(), event.dataset()), event);
                    }
                    lastOfPair.values().forEach(this::apply);
                }
            };
        }
    }

    /** Stores tenant ids in lower case, as a case-insensitive database column would compare them. */
    static class CaseInsensitiveTenants extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                public void apply(RunEvent event) {
                    super.apply(event.scope().isGlobal() ? event : RandomEvents.inScope(event,
                            Scope.tenant(event.scope().key().toLowerCase(Locale.ROOT))));
                }

                @Override
                public Optional<DatasetStatus> status(Scope scope, DatasetKey dataset) {
                    Scope folded = scope.isGlobal() ? scope : Scope.tenant(scope.key().toLowerCase(Locale.ROOT));
                    return super.status(folded, dataset);
                }
            };
        }
    }

    /** Orders pages ignoring letter case, as a database's default collation may. */
    static class CaseInsensitivePageOrder extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                Comparator<DatasetStatus> pageOrder() {
                    return Comparator.comparing((DatasetStatus status) -> status.scope().key(),
                                    String.CASE_INSENSITIVE_ORDER)
                            .thenComparing(status -> status.dataset().value(), String.CASE_INSENSITIVE_ORDER);
                }
            };
        }
    }

    /** Creates no empty statuses: a scope missing one of a page's datasets stays invisible across scopes. */
    static class NoStatusCreation extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                public void createStatusesIfAbsent(Scope scope, Set<DatasetKey> datasets) {
                    java.util.Objects.requireNonNull(scope, "scope");
                    java.util.Objects.requireNonNull(datasets, "datasets");
                    datasets.forEach(dataset -> java.util.Objects.requireNonNull(dataset, "dataset"));
                }
            };
        }
    }

    /** Prunes every old record, the one holding the last success too. */
    static class PrunesTheLatestSuccess extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                RunId keptByPruning(Pair pair) {
                    return null;
                }
            };
        }
    }

    /** Returns the oldest history records within the limit instead of the newest, as an ascending ORDER BY would. */
    static class HistoryOldestFirst extends FreshnessStoreContract {
        @Override
        protected FreshnessStore newStore() {
            return new ReferenceStore() {
                @Override
                public List<RunRecord> history(Scope scope, DatasetKey dataset, int limit) {
                    List<RunRecord> newestFirst = super.history(scope, dataset, Integer.MAX_VALUE);
                    List<RunRecord> oldest = new ArrayList<>(newestFirst.subList(Math.max(0, newestFirst.size() - limit),
                            newestFirst.size()));
                    Collections.reverse(oldest);
                    return oldest;
                }
            };
        }
    }
}
