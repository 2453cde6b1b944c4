package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge rules as a property: random event sets, each applied in several random orders with random repeats,
 * leave the status and history the {@link ReferenceModel} computes from the set. Each (set, order) writes to a
 * tenant scope of its own, so the store is never emptied in between.
 */
abstract class MergePropertyContract extends ContractPart {

    static final int EVENT_SETS = 1_000;
    static final int ORDERS_PER_SET = 3;

    private static final List<DatasetKey> DATASETS = List.of(key("orders"), key("orders.daily"));
    private static final DatasetKey NEVER_RECORDED = key("never-recorded");
    private static final Set<DatasetKey> READ = Set.of(DATASETS.get(0), DATASETS.get(1), NEVER_RECORDED);
    /** Run ids whose order differs from their numbering, so a tie-break by anything else shows. */
    private static final List<RunId> RUNS = List.of(run("run-1"), run("run-2"), run("run-10"), run("Run-3"));
    private static final int INSTANT_SLOTS = 4;

    @Test
    void anyOrderWithAnyRepeatsLeavesTheStatusAndHistoryOfTheReferenceModel() {
        long seed = FreshnessStoreContract.seed();
        Random random = new Random(seed);
        RandomEvents randomEvents = new RandomEvents(random);
        Coverage coverage = new Coverage();
        for (int set = 0; set < EVENT_SETS; set++) {
            List<RunEvent> eventSet = randomEvents.eventsOf(Scope.global(), DATASETS, RUNS, 1 + random.nextInt(4), INSTANT_SLOTS);
            coverage.count(eventSet);
            for (int order = 0; order < ORDERS_PER_SET; order++) {
                Scope scope = tenant("prop-" + set + "-" + order);
                List<RunEvent> events = eventSet.stream().map(event -> RandomEvents.inScope(event, scope)).toList();
                List<RunEvent> arrival = randomEvents.shuffledWithRepeats(events);
                coverage.repeats += arrival.size() > events.size() ? 1 : 0;
                apply(arrival);
                checkAgainstModel(scope, events, failureContext(seed, set, order, arrival));
            }
        }
        coverage.assertEveryCornerWasHit(seed);
    }

    private void checkAgainstModel(Scope scope, List<RunEvent> events, Supplier<String> context) {
        ReferenceModel model = new ReferenceModel(events);
        assertThat(statusesOf(scope, READ)).as(context).isEqualTo(model.statuses(scope, READ));
        for (DatasetKey dataset : events.stream().map(RunEvent::dataset).collect(Collectors.toSet())) {
            assertThat(store().history(scope, dataset, 100)).as(context)
                    .containsExactlyInAnyOrderElementsOf(model.history(scope, dataset));
        }
    }

    private static Supplier<String> failureContext(long seed, int set, int order, List<RunEvent> arrival) {
        return () -> "seed " + seed + " (rerun with -D" + FreshnessStoreContract.SEED_PROPERTY + "=" + seed
                + "), event set " + set + ", order " + order + "; events in the order applied:\n  "
                + arrival.stream().map(Object::toString).collect(Collectors.joining("\n  "));
    }

    /** Counts the event sets that hit each corner of the rules, so that a weakened generator cannot go unseen. */
    private static final class Coverage {
        int equalInstantsAcrossRuns;
        int bothOutcomes;
        int outcomeWithoutStart;
        int inFlight;
        int repeats;

        void count(List<RunEvent> events) {
            Set<List<Object>> kindAndInstant = new HashSet<>();
            Set<List<Object>> kindAndInstantPerRun = new HashSet<>();
            Map<List<Object>, List<RunEvent>> byRun = events.stream()
                    .collect(Collectors.groupingBy(event -> List.of(event.dataset(), event.runId())));
            for (RunEvent event : events) {
                kindAndInstant.add(List.of(event.dataset(), event.getClass(), event.at()));
                kindAndInstantPerRun.add(List.of(event.dataset(), event.getClass(), event.at(), event.runId()));
            }
            equalInstantsAcrossRuns += kindAndInstant.size() < kindAndInstantPerRun.size() ? 1 : 0;
            bothOutcomes += byRun.values().stream().anyMatch(run -> has(run, RunEvent.Succeeded.class)
                    && has(run, RunEvent.Failed.class)) ? 1 : 0;
            outcomeWithoutStart += byRun.values().stream().anyMatch(run -> !has(run, RunEvent.Started.class)) ? 1 : 0;
            inFlight += byRun.values().stream().anyMatch(run -> run.size() == 1 && has(run, RunEvent.Started.class)) ? 1 : 0;
        }

        private static boolean has(List<RunEvent> run, Class<? extends RunEvent> kind) {
            return run.stream().anyMatch(kind::isInstance);
        }

        void assertEveryCornerWasHit(long seed) {
            String context = "event sets hitting each corner of the merge rules with seed " + seed;
            assertThat(Map.of(
                    "equal instants across runs", equalInstantsAcrossRuns,
                    "a run with both outcomes", bothOutcomes,
                    "an outcome without a start", outcomeWithoutStart,
                    "a run in flight", inFlight,
                    "repeated events", repeats))
                    .as(context)
                    .allSatisfy((corner, sets) -> assertThat(sets).as(corner).isGreaterThanOrEqualTo(50));
        }
    }
}
