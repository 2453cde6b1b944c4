package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.track.JobForms.Form;
import dev.freshness.track.JobForms.Job;
import dev.freshness.track.JobForms.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every form of the wrapper (run now or decorated; Runnable, Supplier, Callable, generic callback, with a run
 * context, CompletionStage, run handle) returns the job's own value or exception and records the same events,
 * for every outcome, with a store called directly and with one called on the bounded executor.
 */
class EveryFormTest {

    private static final Scope SCOPE = Scope.tenant("acme");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> formsOutcomesAndStores() {
        return Arrays.stream(Form.values()).flatMap(form -> Arrays.stream(Outcome.values())
                .flatMap(outcome -> Stream.of(Arguments.of(form, outcome, false), Arguments.of(form, outcome, true))));
    }

    @ParameterizedTest(name = "{0} {1} storeMayBlock={2}")
    @MethodSource("formsOutcomesAndStores")
    void everyFormKeepsTheOutcomeAndRecordsTheSameEvents(Form form, Outcome outcome, boolean storeMayBlock) {
        RecordingStore store = new RecordingStore(storeMayBlock);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(CLOCK).build();

        JobForms.assertTrackedLikeUnwrapped(form, new Job(outcome),
                freshness.track(SCOPE, "scorecard").job("scorecard"), store, SCOPE, "scorecard", "scorecard");
    }
}
