package dev.freshness.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetStatusTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private static final JobError ERROR = JobError.of("E", "m", null);

    @Test
    void anEmptyStatusHasNothing() {
        DatasetStatus empty = DatasetStatus.empty(ACME, ORDERS);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.lastStart()).isEmpty();
        assertThat(empty.lastSuccess()).isEmpty();
        assertThat(empty.lastFailure()).isEmpty();
        assertThat(empty.runsInFlight()).isEmpty();
        assertThat(empty.latestAttemptFailed()).isFalse();
    }

    @Test
    void theLatestAttemptFailedWhenTheFailureIsNotOlderThanTheSuccess() {
        assertThat(status(success(T), failure(T.plusSeconds(1))).latestAttemptFailed()).isTrue();
        assertThat(status(success(T), failure(T)).latestAttemptFailed()).as("a tie: failure wins").isTrue();
        assertThat(status(success(T.plusSeconds(1)), failure(T)).latestAttemptFailed()).isFalse();
        assertThat(status(null, failure(T)).latestAttemptFailed()).isTrue();
        assertThat(status(success(T), null).latestAttemptFailed()).isFalse();
    }

    @Test
    void runsInFlightAreOrderedByStartThenRunId() {
        DatasetStatus.Start late = new DatasetStatus.Start(RunId.of("a"), T.plusSeconds(1));
        DatasetStatus.Start earlyB = new DatasetStatus.Start(RunId.of("b"), T);
        DatasetStatus.Start earlyA = new DatasetStatus.Start(RunId.of("a"), T);

        DatasetStatus status = DatasetStatus.of(ACME, ORDERS, null, null, null, List.of(late, earlyB, earlyA));

        assertThat(status.runsInFlight()).containsExactly(earlyA, earlyB, late);
        assertThat(status.isEmpty()).isFalse();
        assertThat(status.withRunsInFlight(List.of()).runsInFlight()).isEmpty();
    }

    @Test
    void equalsComparesEveryFact() {
        assertThat(status(success(T), failure(T))).isEqualTo(status(success(T), failure(T)))
                .hasSameHashCodeAs(status(success(T), failure(T)))
                .isNotEqualTo(status(success(T), null))
                .isNotEqualTo(DatasetStatus.of(Scope.global(), ORDERS, null, success(T), failure(T), List.of()));
        assertThat(status(success(T), null).toString()).contains("tenant:acme", "orders", "lastSuccess");
    }

    @Test
    void validatesItsParts() {
        assertThatThrownBy(() -> new DatasetStatus.Success(RunId.of("r"), T, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recordsAffected must be >= 0, was -1");
        assertThatThrownBy(() -> new DatasetStatus.Failure(RunId.of("r"), T, null))
                .isInstanceOf(NullPointerException.class).hasMessage("error must not be null");
        assertThatThrownBy(() -> new DatasetStatus.Start(null, T))
                .isInstanceOf(NullPointerException.class).hasMessage("runId must not be null");
        assertThatThrownBy(() -> DatasetStatus.of(null, ORDERS, null, null, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("scope must not be null");
        assertThatThrownBy(() -> DatasetStatus.of(ACME, ORDERS, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("runsInFlight must not be null");
    }

    private static DatasetStatus status(DatasetStatus.Success success, DatasetStatus.Failure failure) {
        return DatasetStatus.of(ACME, ORDERS, null, success, failure, List.of());
    }

    private static DatasetStatus.Success success(Instant at) {
        return new DatasetStatus.Success(RunId.of("run-s"), at, 1);
    }

    private static DatasetStatus.Failure failure(Instant at) {
        return new DatasetStatus.Failure(RunId.of("run-f"), at, ERROR);
    }
}
