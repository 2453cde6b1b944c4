package dev.freshness.testkit;

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
 * Random events for the property and concurrency tests, built to hit the merge rules' corners: equal instants
 * across runs (the run id breaks the tie), runs that report both outcomes, outcomes with no start, starts
 * later than their run's outcome, runs still in flight, and repeats.
 *
 * <p>Each (scope, dataset, run, kind) gets one content only: {@link dev.freshness.spi.EventMerge} keeps the
 * first stored of two different events of the same kind, run and instant, which is a caller's mistake and
 * order-dependent by nature.
 */
final class RandomEvents {

    /** Which events one run reports for one (scope, dataset). */
    private enum Shape {
        IN_FLIGHT(true, false, false),
        SUCCEEDED(true, true, false),
        FAILED(true, false, true),
        BOTH_OUTCOMES(true, true, true),
        SUCCEEDED_WITHOUT_START(false, true, false),
        FAILED_WITHOUT_START(false, false, true),
        BOTH_OUTCOMES_WITHOUT_START(false, true, true);

        final boolean start;
        final boolean success;
        final boolean failure;

        Shape(boolean start, boolean success, boolean failure) {
            this.start = start;
            this.success = success;
            this.failure = failure;
        }
    }

    private static final long[] RECORDS = {0, 1, 42, 1_000_000_000_000L};
    private static final String[] MESSAGES = {"disk full", "timed out\nafter 30 s", "café ✓ 😀", ""};
    private static final String[] ROOT_CAUSES = {null, "java.net.SocketException: Connection reset"};

    private final Random random;

    RandomEvents(Random random) {
        this.random = random;
    }

    /**
     * The events of some runs over some (dataset, run) combinations of one scope, instants drawn from
     * {@code instantSlots} half-second slots after {@link ContractPart#T0} so that equal instants are common.
     */
    List<RunEvent> eventsOf(Scope scope, List<DatasetKey> datasets, List<RunId> runs, int combinations, int instantSlots) {
        List<RunEvent> events = new ArrayList<>();
        List<int[]> all = new ArrayList<>();
        for (int d = 0; d < datasets.size(); d++) {
            for (int r = 0; r < runs.size(); r++) {
                all.add(new int[] {d, r});
            }
        }
        Collections.shuffle(all, random);
        for (int[] combination : all.subList(0, Math.min(combinations, all.size()))) {
            events.addAll(eventsOfRun(scope, datasets.get(combination[0]), runs.get(combination[1]), instantSlots));
        }
        return events;
    }

    /** The events one run reports for one (scope, dataset), of a random shape. */
    List<RunEvent> eventsOfRun(Scope scope, DatasetKey dataset, RunId runId, int instantSlots) {
        Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
        List<RunEvent> events = new ArrayList<>(3);
        if (shape.start) {
            String jobName = random.nextBoolean() ? "nightly-sync" : null;
            events.add(new RunEvent.Started(scope, dataset, runId, instant(instantSlots), jobName));
        }
        if (shape.success) {
            events.add(new RunEvent.Succeeded(scope, dataset, runId, instant(instantSlots),
                    RECORDS[random.nextInt(RECORDS.length)]));
        }
        if (shape.failure) {
            JobError error = JobError.of("java.io.IOException", MESSAGES[random.nextInt(MESSAGES.length)],
                    ROOT_CAUSES[random.nextInt(ROOT_CAUSES.length)]);
            events.add(new RunEvent.Failed(scope, dataset, runId, instant(instantSlots), error));
        }
        return events;
    }

    /** {@code events} with random repeats, in a random order. */
    List<RunEvent> shuffledWithRepeats(List<RunEvent> events) {
        List<RunEvent> order = new ArrayList<>(events);
        // Up to half as many repeats as events: enough to hit every kind of repeat, few writes on a real database.
        int repeats = random.nextInt(events.size() / 2 + 2);
        for (int i = 0; i < repeats; i++) {
            order.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(order, random);
        return order;
    }

    /** The same event for another scope. */
    static RunEvent inScope(RunEvent event, Scope scope) {
        if (event instanceof RunEvent.Started started) {
            return new RunEvent.Started(scope, started.dataset(), started.runId(), started.at(), started.jobName());
        }
        if (event instanceof RunEvent.Succeeded succeeded) {
            return new RunEvent.Succeeded(scope, succeeded.dataset(), succeeded.runId(), succeeded.at(),
                    succeeded.recordsAffected());
        }
        RunEvent.Failed failed = (RunEvent.Failed) event;
        return new RunEvent.Failed(scope, failed.dataset(), failed.runId(), failed.at(), failed.error());
    }

    private Instant instant(int slots) {
        return ContractPart.T0.plusMillis(500L * random.nextInt(slots));
    }
}
