package dev.freshness.reliability;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The events of {@link CrossProcessConcurrencyTest}, generated from a seed so that the child JVMs that write them
 * and the test that checks the result build the very same lists.
 *
 * <p>Each writer (one thread of one process) sends runs of its own (a start and, nine times in ten, an outcome,
 * each at a random instant of one hour, sometimes outcome first) and, one event in five, an event of a run every
 * writer of every process shares, as a retry would re-send it. Everything lands on {@value #PAIRS} pairs of
 * (scope, dataset), so every row is written by every writer.
 */
final class Workload {

    static final int PAIRS = 50;
    static final int SHARED_RUNS = 100;
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final long HOUR_MILLIS = 3_600_000;

    private Workload() {
    }

    /** The events writer {@code thread} of process {@code process} sends, in the order it sends them. */
    static List<RunEvent> eventsOf(long seed, int process, int thread, int count) {
        Random random = new Random(seed * 1_000_003L + process * 1_009L + thread);
        List<RunEvent> shared = sharedEvents(seed);
        List<RunEvent> events = new ArrayList<>(count);
        int run = 0;
        while (events.size() < count) {
            if (random.nextInt(5) == 0) {
                events.add(shared.get(random.nextInt(shared.size())));
                continue;
            }
            List<RunEvent> ofRun = runEvents(random, RunId.of("p" + process + "-t" + thread + "-r" + run++));
            if (random.nextBoolean()) {
                Collections.reverse(ofRun);
            }
            for (RunEvent event : ofRun) {
                if (events.size() < count) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    /** Every event of every writer of {@code processes} processes of {@code threads} threads. */
    static List<RunEvent> allEvents(long seed, int processes, int threads, int countPerThread) {
        List<RunEvent> all = new ArrayList<>();
        for (int process = 0; process < processes; process++) {
            for (int thread = 0; thread < threads; thread++) {
                all.addAll(eventsOf(seed, process, thread, countPerThread));
            }
        }
        return all;
    }

    static Scope scopeOf(int pair) {
        return Scope.tenant("tenant-" + pair % 10);
    }

    static DatasetKey datasetOf(int pair) {
        return DatasetKey.of("dataset_" + pair / 10);
    }

    private static List<RunEvent> sharedEvents(long seed) {
        Random random = new Random(seed);
        List<RunEvent> shared = new ArrayList<>();
        for (int run = 0; run < SHARED_RUNS; run++) {
            shared.addAll(runEvents(random, RunId.of("shared-" + run)));
        }
        return shared;
    }

    private static List<RunEvent> runEvents(Random random, RunId runId) {
        int pair = random.nextInt(PAIRS);
        Scope scope = scopeOf(pair);
        DatasetKey dataset = datasetOf(pair);
        Instant started = T0.plusMillis(random.nextLong(HOUR_MILLIS));
        Instant finished = started.plusMillis(random.nextLong(60_000));
        List<RunEvent> events = new ArrayList<>(2);
        events.add(new RunEvent.Started(scope, dataset, runId, started, "job_" + pair / 10));
        int outcome = random.nextInt(10);
        if (outcome < 7) {
            events.add(new RunEvent.Succeeded(scope, dataset, runId, finished, random.nextInt(1_000)));
        } else if (outcome < 9) {
            events.add(new RunEvent.Failed(scope, dataset, runId, finished,
                    JobError.of("java.io.IOException", "attempt of " + runId + " failed", null)));
        }
        return events;
    }
}
