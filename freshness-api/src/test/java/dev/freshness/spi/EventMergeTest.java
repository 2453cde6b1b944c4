package dev.freshness.spi;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.RunRecord.Outcome;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMergeTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private static final JobError ERROR = JobError.of("E", "boom", null);

    private static RunId run(String id) {
        return RunId.of(id);
    }

    private static RunEvent.Started started(String runId, int second) {
        return new RunEvent.Started(ACME, ORDERS, run(runId), T.plusSeconds(second), "job");
    }

    private static RunEvent.Succeeded succeeded(String runId, int second) {
        return new RunEvent.Succeeded(ACME, ORDERS, run(runId), T.plusSeconds(second), 7);
    }

    private static RunEvent.Failed failed(String runId, int second) {
        return new RunEvent.Failed(ACME, ORDERS, run(runId), T.plusSeconds(second), ERROR);
    }

    @Nested
    class IntoLatestEvents {

        private final LatestEvents none = LatestEvents.NONE;

        @Test
        void eachKindFillsItsOwnFact() {
            LatestEvents latest = EventMerge.merge(EventMerge.merge(EventMerge.merge(none,
                    started("r1", 0)), succeeded("r1", 1)), failed("r2", 2));

            assertThat(latest).isEqualTo(new LatestEvents(new DatasetStatus.Start(run("r1"), T),
                    new DatasetStatus.Success(run("r1"), T.plusSeconds(1), 7),
                    new DatasetStatus.Failure(run("r2"), T.plusSeconds(2), ERROR)));
            assertThat(LatestEvents.NONE).isEqualTo(new LatestEvents(null, null, null));
        }

        @Test
        void aNewerEventReplacesAnOlderOneOfItsKind() {
            LatestEvents latest = EventMerge.merge(EventMerge.merge(none, succeeded("r1", 1)), succeeded("r2", 2));

            assertThat(latest.lastSuccess().runId()).isEqualTo(run("r2"));
        }

        @Test
        void aGreaterInstantOrAnEqualInstantWithAGreaterRunIdSupersedes() {
            LatestEvents stored = EventMerge.merge(none, started("b", 0));

            assertThat(EventMerge.merge(stored, new RunEvent.Started(ACME, ORDERS, run("a"), T.plusNanos(1), null))
                    .lastStart().runId()).as("a greater instant, a smaller run id").isEqualTo(run("a"));
            assertThat(EventMerge.merge(stored, started("c", 0)).lastStart().runId())
                    .as("the same instant, a greater run id").isEqualTo(run("c"));
            assertThat(EventMerge.merge(stored, started("a", 0))).as("the same instant, a smaller run id").isSameAs(stored);
            assertThat(EventMerge.merge(stored, new RunEvent.Started(ACME, ORDERS, run("z"), T.minusNanos(1), null)))
                    .as("an earlier instant, a greater run id").isSameAs(stored);
        }

        @Test
        void anOlderOrRepeatedEventReturnsTheSameFacts() {
            LatestEvents latest = EventMerge.merge(EventMerge.merge(EventMerge.merge(none, succeeded("r2", 2)),
                    failed("r2", 3)), started("r2", 1));

            assertThat(EventMerge.merge(latest, succeeded("r1", 1))).isSameAs(latest);
            assertThat(EventMerge.merge(latest, succeeded("r2", 2))).isSameAs(latest);
            assertThat(EventMerge.merge(latest, succeeded("r1", 2))).as("equal instant, smaller run id").isSameAs(latest);
            assertThat(EventMerge.merge(latest, failed("r2", 3))).isSameAs(latest);
            assertThat(EventMerge.merge(latest, started("r2", 1))).isSameAs(latest);
        }

        @Test
        void eachKindLeavesTheOtherKindsAsTheyAre() {
            LatestEvents latest = EventMerge.merge(EventMerge.merge(none, succeeded("r1", 5)), failed("r1", 6));

            LatestEvents started = EventMerge.merge(latest, started("r2", 9));

            assertThat(started.lastSuccess()).isSameAs(latest.lastSuccess());
            assertThat(started.lastFailure()).isSameAs(latest.lastFailure());
        }

        @Test
        void rejectsNulls() {
            assertThatThrownBy(() -> EventMerge.merge(none, (RunEvent) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("event must not be null");
            assertThatThrownBy(() -> EventMerge.merge((LatestEvents) null, started("r1", 0)))
                    .isInstanceOf(NullPointerException.class).hasMessage("latest must not be null");
        }
    }

    @Nested
    class IntoARunRecord {

        @Test
        void aFirstEventCreatesTheRecord() {
            assertThat(EventMerge.merge((RunRecord) null, started("r1", 0)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), "job", T, null, null, 0, null));
            assertThat(EventMerge.merge((RunRecord) null, succeeded("r1", 1)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), null, null, T.plusSeconds(1), Outcome.SUCCEEDED, 7, null));
            assertThat(EventMerge.merge((RunRecord) null, failed("r1", 1)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), null, null, T.plusSeconds(1), Outcome.FAILED, 0, ERROR));
        }

        @Test
        void aStartArrivingAfterTheOutcomeFillsInTheStart() {
            RunRecord finished = EventMerge.merge((RunRecord) null, succeeded("r1", 5));

            assertThat(EventMerge.merge(finished, started("r1", 0)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), "job", T, T.plusSeconds(5), Outcome.SUCCEEDED, 7, null));
        }

        @Test
        void theLaterOutcomeWinsInEitherOrder() {
            RunRecord successThenFailure = merge(started("r1", 0), succeeded("r1", 1), failed("r1", 2));
            RunRecord failureThenSuccess = merge(started("r1", 0), failed("r1", 2), succeeded("r1", 1));

            RunRecord expected = new RunRecord(ACME, ORDERS, run("r1"), "job", T, T.plusSeconds(2), Outcome.FAILED, 0, ERROR);
            assertThat(successThenFailure).isEqualTo(expected);
            assertThat(failureThenSuccess).isEqualTo(expected);
            assertThat(merge(failed("r1", 1), succeeded("r1", 2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(merge(succeeded("r1", 2), failed("r1", 1)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }

        @Test
        void aFailureWinsATieInEitherOrder() {
            assertThat(merge(succeeded("r1", 1), failed("r1", 1)).outcome()).isEqualTo(Outcome.FAILED);
            assertThat(merge(failed("r1", 1), succeeded("r1", 1)).outcome()).isEqualTo(Outcome.FAILED);
        }

        @Test
        void aRepeatedEventReturnsTheSameRecord() {
            RunRecord record = merge(started("r1", 0), succeeded("r1", 1));

            assertThat(EventMerge.merge(record, succeeded("r1", 1))).isSameAs(record);
            assertThat(EventMerge.merge(record, started("r1", 0))).isSameAs(record);
        }

        @Test
        void theJobNameOfTheStartIsKeptWhenTheOutcomeArrives() {
            assertThat(merge(started("r1", 0), failed("r1", 1)).jobName()).isEqualTo("job");
        }

        @Test
        void rejectsAnEventOfAnotherRunOrPair() {
            RunRecord record = merge(started("r1", 0));

            assertThatThrownBy(() -> EventMerge.merge(record, started("r2", 0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge");
            assertThatThrownBy(() -> EventMerge.merge(record,
                    new RunEvent.Started(ACME, DatasetKey.of("users"), run("r1"), T, null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> EventMerge.merge(record, (RunEvent) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("event must not be null");
        }

        private RunRecord merge(RunEvent... events) {
            RunRecord record = null;
            for (RunEvent event : events) {
                record = EventMerge.merge(record, event);
            }
            return record;
        }
    }

    /**
     * The property every store relies on: the same set of events, merged in any order and with any of them
     * repeated, gives the same result, and re-sending an event changes nothing. Checked over random event sets
     * drawn with fixed seeds, with few runs and few instants so that ties are common.
     */
    @Nested
    class InAnyOrder {

        private static final int SEEDS = 500;
        private static final int ORDERS_PER_SET = 20;

        @Test
        void latestEventsDoNotDependOnTheOrderOrOnRepeats() {
            for (long seed = 1; seed <= SEEDS; seed++) {
                Random random = new Random(seed);
                List<RunEvent> events = randomEvents(random, List.of("r0", "r1", "r2", "r3"));
                LatestEvents expected = expectedLatest(events);

                for (int order = 0; order < ORDERS_PER_SET; order++) {
                    LatestEvents merged = LatestEvents.NONE;
                    for (RunEvent event : shuffledWithRepeats(events, random)) {
                        merged = EventMerge.merge(merged, event);
                    }
                    assertThat(merged).as("seed %s, order %s", seed, order).isEqualTo(expected);
                }
                LatestEvents merged = LatestEvents.NONE;
                for (RunEvent event : events) {
                    merged = EventMerge.merge(merged, event);
                }
                for (RunEvent event : events) {
                    assertThat(EventMerge.merge(merged, event)).as("seed %s, %s sent again", seed, event).isSameAs(merged);
                }
            }
        }

        @Test
        void aRunsHistoryRecordDoesNotDependOnTheOrderOrOnRepeats() {
            for (long seed = 1; seed <= SEEDS; seed++) {
                Random random = new Random(seed);
                List<RunEvent> events = randomEvents(random, List.of("r1"));
                RunRecord expected = null;
                for (RunEvent event : events) {
                    expected = EventMerge.merge(expected, event);
                }

                for (int order = 0; order < ORDERS_PER_SET; order++) {
                    RunRecord merged = null;
                    for (RunEvent event : shuffledWithRepeats(events, random)) {
                        merged = EventMerge.merge(merged, event);
                    }
                    assertThat(merged).as("seed %s, order %s of %s", seed, order, events).isEqualTo(expected);
                }
                for (RunEvent event : events) {
                    assertThat(EventMerge.merge(expected, event)).as("seed %s, %s sent again", seed, event).isSameAs(expected);
                }
            }
        }

        /**
         * 1 to 12 distinct events of random kinds, runs and instants (0 to 5 seconds after T). What an event
         * carries follows from its kind, run and instant: two different events of the same kind, run and instant
         * are a caller's mistake that the merge rules do not settle.
         */
        private List<RunEvent> randomEvents(Random random, List<String> runs) {
            Set<RunEvent> events = new LinkedHashSet<>();
            int count = 1 + random.nextInt(12);
            while (events.size() < count) {
                String runId = runs.get(random.nextInt(runs.size()));
                int second = random.nextInt(6);
                Instant at = T.plusSeconds(second);
                events.add(switch (random.nextInt(3)) {
                    case 0 -> new RunEvent.Started(ACME, ORDERS, run(runId), at, second % 2 == 0 ? "job" : null);
                    case 1 -> new RunEvent.Succeeded(ACME, ORDERS, run(runId), at, runId.hashCode() % 7 + second);
                    default -> new RunEvent.Failed(ACME, ORDERS, run(runId), at, JobError.of("E", runId + "@" + second, null));
                });
            }
            return List.copyOf(events);
        }

        private List<RunEvent> shuffledWithRepeats(List<RunEvent> events, Random random) {
            List<RunEvent> sequence = new ArrayList<>(events);
            for (int repeats = random.nextInt(events.size() + 1); repeats > 0; repeats--) {
                sequence.add(events.get(random.nextInt(events.size())));
            }
            Collections.shuffle(sequence, random);
            return sequence;
        }

        /** The latest of each kind by instant, then run id, computed without the merge. */
        private LatestEvents expectedLatest(List<RunEvent> events) {
            Comparator<RunEvent> latest = Comparator.comparing((RunEvent event) -> event.at()).thenComparing(RunEvent::runId);
            DatasetStatus.Start start = events.stream().filter(RunEvent.Started.class::isInstance).max(latest)
                    .map(event -> new DatasetStatus.Start(event.runId(), event.at())).orElse(null);
            DatasetStatus.Success success = events.stream().filter(RunEvent.Succeeded.class::isInstance).max(latest)
                    .map(RunEvent.Succeeded.class::cast)
                    .map(event -> new DatasetStatus.Success(event.runId(), event.at(), event.recordsAffected())).orElse(null);
            DatasetStatus.Failure failure = events.stream().filter(RunEvent.Failed.class::isInstance).max(latest)
                    .map(RunEvent.Failed.class::cast)
                    .map(event -> new DatasetStatus.Failure(event.runId(), event.at(), event.error())).orElse(null);
            return new LatestEvents(start, success, failure);
        }
    }
}
