package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a dataset's runs are doing, computed from a status alone: no page, no requirement, only (optionally) the
 * dataset's max run duration.
 */
class RunStateTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final Scope SCOPE = Scope.tenant("acme");
    private static final DatasetKey THUMBNAILS = DatasetKey.of("ad_thumbnails");
    private static final Duration MAX_RUN = Duration.ofHours(2);
    private static final JobError ERROR = JobError.of("IOException", "disk full", null);
    /** Runs are never abandoned. */
    private static final Duration NO_MAX_RUN = null;

    private static DatasetStatus.Start runStarted(String run, Duration ago) {
        return new DatasetStatus.Start(RunId.of(run), NOW.minus(ago));
    }

    private static DatasetStatus.Success succeeded(Duration ago) {
        return new DatasetStatus.Success(RunId.of("ok"), NOW.minus(ago), 3);
    }

    private static DatasetStatus.Failure failed(Duration ago) {
        return new DatasetStatus.Failure(RunId.of("ko"), NOW.minus(ago), ERROR);
    }

    private static DatasetStatus status(DatasetStatus.Success success, DatasetStatus.Failure failure,
                                        DatasetStatus.Start... inFlight) {
        return DatasetStatus.of(SCOPE, THUMBNAILS, null, success, failure, List.of(inFlight));
    }

    @Test
    void anEmptyStatusIsQuiet() {
        RunState state = RunState.of(DatasetStatus.empty(SCOPE, THUMBNAILS), MAX_RUN, NOW);

        assertThat(state.isFailing()).isFalse();
        assertThat(state.isRefreshing()).isFalse();
        assertThat(state.isAbandoned()).isFalse();
        assertThat(state.failing()).isEmpty();
        assertThat(state.refreshing()).isEmpty();
        assertThat(state.abandoned()).isEmpty();
        assertThat(state).hasToString("RunState{quiet}");
    }

    @Test
    void failingWhenTheLatestAttemptFailed() {
        DatasetStatus.Failure failure = failed(Duration.ofHours(1));

        assertThat(RunState.of(status(null, failure), NO_MAX_RUN, NOW).failing()).as("no success ever").contains(failure);
        assertThat(RunState.of(status(succeeded(Duration.ofHours(2)), failure), NO_MAX_RUN, NOW).failing())
                .as("after the success").contains(failure);
        assertThat(RunState.of(status(succeeded(Duration.ofHours(1)), failure), NO_MAX_RUN, NOW).failing())
                .as("at the same instant as the success: a failure wins the tie").contains(failure);
        assertThat(RunState.of(status(succeeded(Duration.ofMinutes(59)), failure), NO_MAX_RUN, NOW).isFailing())
                .as("overtaken by a later success").isFalse();
    }

    @Test
    void exactlyTheMaxRunDurationIsStillRefreshingAndOneInstantMoreIsAbandoned() {
        DatasetStatus atTheLimit = status(null, null, runStarted("r1", MAX_RUN));
        DatasetStatus aNanosecondBeyond = status(null, null, runStarted("r1", MAX_RUN.plusNanos(1)));

        RunState refreshing = RunState.of(atTheLimit, MAX_RUN, NOW);
        assertThat(refreshing.refreshing()).contains(runStarted("r1", MAX_RUN));
        assertThat(refreshing.isAbandoned()).isFalse();

        RunState abandoned = RunState.of(aNanosecondBeyond, MAX_RUN, NOW);
        assertThat(abandoned.isRefreshing()).isFalse();
        assertThat(abandoned.abandoned()).contains(runStarted("r1", MAX_RUN.plusNanos(1)));
        assertThat(RunState.of(status(null, null, runStarted("r1", MAX_RUN.plusSeconds(1))), MAX_RUN, NOW).isAbandoned())
                .isTrue();
    }

    @Test
    void withNoMaxRunDurationARunIsNeverAbandoned() {
        DatasetStatus ancient = status(null, null, runStarted("r1", Duration.ofDays(400)));

        RunState state = RunState.of(ancient, NO_MAX_RUN, NOW);

        assertThat(state.isAbandoned()).isFalse();
        assertThat(state.refreshing()).contains(runStarted("r1", Duration.ofDays(400)));
        assertThat(RunState.of(ancient, DatasetDefinition.of("ad_thumbnails", "Thumbnails"), NOW)).isEqualTo(state);
    }

    @Test
    void theMaxRunDurationCanComeFromTheDatasetDefinition() {
        DatasetStatus status = status(null, null, runStarted("r1", Duration.ofHours(3)));
        DatasetDefinition dataset = DatasetDefinition.of("ad_thumbnails", "Thumbnails").withMaxRunDuration(MAX_RUN);

        assertThat(RunState.of(status, dataset, NOW)).isEqualTo(RunState.of(status, MAX_RUN, NOW));
        assertThat(RunState.of(status, dataset, NOW).isAbandoned()).isTrue();
    }

    @Test
    void refreshingIsTheLongestRunningRunThatHasNotOutlivedTheMaxRunDuration() {
        DatasetStatus status = status(null, null, runStarted("young", Duration.ofMinutes(5)),
                runStarted("older", Duration.ofMinutes(90)), runStarted("dead", Duration.ofHours(3)));

        RunState state = RunState.of(status, MAX_RUN, NOW);

        assertThat(state.refreshing()).contains(runStarted("older", Duration.ofMinutes(90)));
        assertThat(state.abandoned()).contains(runStarted("dead", Duration.ofHours(3)));
        assertThat(state.toString()).contains("refreshing since", "abandoned run started");
    }

    @Test
    void anAbandonedRunIsTheLatestOneThatStartedAfterTheLatestFinishedAttempt() {
        DatasetStatus overtaken = status(succeeded(Duration.ofHours(4)), null, runStarted("dead", Duration.ofHours(5)));
        DatasetStatus overtakenByAFailure = status(null, failed(Duration.ofHours(4)), runStarted("dead", Duration.ofHours(5)));
        DatasetStatus twoDead = status(succeeded(Duration.ofHours(10)), null,
                runStarted("first", Duration.ofHours(8)), runStarted("second", Duration.ofHours(6)));

        assertThat(RunState.of(overtaken, MAX_RUN, NOW).isAbandoned()).as("a later success overtook it").isFalse();
        assertThat(RunState.of(overtakenByAFailure, MAX_RUN, NOW).isAbandoned()).as("a later failure overtook it").isFalse();
        assertThat(RunState.of(twoDead, MAX_RUN, NOW).abandoned()).contains(runStarted("second", Duration.ofHours(6)));
    }

    @Test
    void aRetryStartedInTheSameInstantAsTheLatestFailureAndThenDeadIsAbandoned() {
        DatasetStatus status = status(null, failed(Duration.ofHours(4)), runStarted("retry", Duration.ofHours(4)));

        assertThat(RunState.of(status, MAX_RUN, NOW).abandoned()).contains(runStarted("retry", Duration.ofHours(4)));
    }

    @Test
    void failingRefreshingAndAbandonedStandTogether() {
        DatasetStatus status = status(succeeded(Duration.ofHours(10)), failed(Duration.ofHours(9)),
                runStarted("dead", Duration.ofHours(5)), runStarted("live", Duration.ofMinutes(1)));

        RunState state = RunState.of(status, MAX_RUN, NOW);

        assertThat(state.isFailing()).isTrue();
        assertThat(state.isRefreshing()).isTrue();
        assertThat(state.isAbandoned()).isTrue();
    }

    @Test
    void aVerdictCarriesTheRunStateOfItsStatus() {
        DatasetDefinition dataset = DatasetDefinition.of("ad_thumbnails", "Thumbnails").withMaxRunDuration(MAX_RUN);
        DatasetStatus status = status(succeeded(Duration.ofHours(10)), failed(Duration.ofHours(9)),
                runStarted("dead", Duration.ofHours(5)));

        DatasetVerdict verdict = DatasetVerdict.judge(dataset, Requirement.of("ad_thumbnails", Duration.ofDays(1)), status, NOW);

        assertThat(verdict.runState()).isEqualTo(RunState.of(status, MAX_RUN, NOW));
        assertThat(verdict.severity()).as("the run state never changes the severity").isEqualTo(Severity.OK);
    }

    @Test
    void rejectsNulls() {
        DatasetStatus empty = DatasetStatus.empty(SCOPE, THUMBNAILS);
        assertThatThrownBy(() -> RunState.of(null, MAX_RUN, NOW))
                .isInstanceOf(NullPointerException.class).hasMessage("status must not be null");
        assertThatThrownBy(() -> RunState.of(empty, MAX_RUN, null))
                .isInstanceOf(NullPointerException.class).hasMessage("now must not be null");
        assertThatThrownBy(() -> RunState.of(empty, (DatasetDefinition) null, NOW))
                .isInstanceOf(NullPointerException.class).hasMessage("dataset must not be null");
    }
}
