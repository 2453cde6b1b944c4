package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads applying overlapping events to few (scope, dataset) pairs at once: no exception, no lost
 * update, the final statuses and histories those of the {@link ReferenceModel}.
 */
abstract class ConcurrencyContract extends ContractPart {

    static final int THREADS = 8;
    static final int EVENTS_PER_THREAD = 10_000;

    private static final List<Scope> SCOPES = List.of(Scope.global(), tenant("fuzz-a"), tenant("fuzz-b"), tenant("fuzz-c"));
    private static final List<DatasetKey> DATASETS = List.of(key("orders"), key("users"), key("invoices"),
            key("ads"), key("ad.assets"));
    private static final int RUNS_PER_PAIR = 60;
    private static final int INSTANT_SLOTS = 100;

    @Test
    void eightThreadsOverTwentyPairsLoseNothing() throws Exception {
        long seed = FreshnessStoreContract.seed();
        Random random = new Random(seed);
        List<RunEvent> universe = universe(new RandomEvents(random));
        List<List<RunEvent>> perThread = new ArrayList<>();
        Set<RunEvent> applied = new HashSet<>();
        for (int thread = 0; thread < THREADS; thread++) {
            List<RunEvent> events = new ArrayList<>(EVENTS_PER_THREAD);
            for (int i = 0; i < EVENTS_PER_THREAD; i++) {
                events.add(universe.get(random.nextInt(universe.size())));
            }
            applied.addAll(events);
            perThread.add(events);
        }

        List<Throwable> thrown = runConcurrently(perThread);

        String context = "seed " + seed + " (rerun with -D" + FreshnessStoreContract.SEED_PROPERTY + "=" + seed + ")";
        assertThat(thrown).as(context + ": exceptions thrown by the writers").isEmpty();
        ReferenceModel model = new ReferenceModel(new ArrayList<>(applied));
        for (Scope scope : SCOPES) {
            assertThat(statusesOf(scope, Set.copyOf(DATASETS))).as(context + ", statuses of " + scope)
                    .isEqualTo(model.statuses(scope, Set.copyOf(DATASETS)));
            for (DatasetKey dataset : DATASETS) {
                assertThat(store().history(scope, dataset, RUNS_PER_PAIR + 1)).as(context + ", history of " + scope + "/" + dataset)
                        .containsExactlyInAnyOrderElementsOf(model.history(scope, dataset));
            }
        }
    }

    /** A few events for each run of each pair; run ids repeat across pairs, as one run touches many. */
    private static List<RunEvent> universe(RandomEvents randomEvents) {
        List<RunEvent> universe = new ArrayList<>();
        for (Scope scope : SCOPES) {
            for (DatasetKey dataset : DATASETS) {
                for (int run = 0; run < RUNS_PER_PAIR; run++) {
                    universe.addAll(randomEvents.eventsOfRun(scope, dataset, RunId.of("run-" + run), INSTANT_SLOTS));
                }
            }
        }
        return universe;
    }

    private List<Throwable> runConcurrently(List<List<RunEvent>> perThread) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(perThread.size());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(perThread.size());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (List<RunEvent> events : perThread) {
                writers.add(threads.submit(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        for (int i = 0; i < events.size(); i++) {
                            store().apply(events.get(i));
                            if (i % 1_000 == 0) {
                                // Reads while others write must not fail either.
                                store().status(events.get(i).scope(), events.get(i).dataset());
                            }
                        }
                    } catch (Throwable t) {
                        thrown.add(t);
                    }
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            threads.shutdown();
            if (!threads.awaitTermination(10, TimeUnit.MINUTES)) {
                writers.forEach(writer -> writer.cancel(true));
                throw new AssertionError("the writers did not finish within 10 minutes");
            }
        } finally {
            threads.shutdownNow();
        }
        return new ArrayList<>(thrown);
    }
}
