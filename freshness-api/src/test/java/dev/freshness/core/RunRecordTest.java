package dev.freshness.core;

import dev.freshness.core.RunRecord.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRecordTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final RunId RUN = RunId.of("run-1");
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private static final JobError ERROR = JobError.of("E", "m", null);

    @Test
    void aRunInFlightHasAStartAndNoOutcome() {
        RunRecord record = new RunRecord(ACME, ORDERS, RUN, null, T, null, null, 0, null);

        assertThat(record.inFlight()).isTrue();
        assertThat(record.job()).isEmpty();
        assertThat(record.lastActivity()).isEqualTo(T);
    }

    @Test
    void theLastActivityIsTheLaterOfStartAndFinish() {
        assertThat(new RunRecord(ACME, ORDERS, RUN, "job", T, T.plusSeconds(5), Outcome.SUCCEEDED, 3, null).lastActivity())
                .isEqualTo(T.plusSeconds(5));
        assertThat(new RunRecord(ACME, ORDERS, RUN, "job", T.plusSeconds(9), T, Outcome.FAILED, 0, ERROR).lastActivity())
                .as("a start stamped by a clock ahead of the finisher's").isEqualTo(T.plusSeconds(9));
        assertThat(new RunRecord(ACME, ORDERS, RUN, null, null, T, Outcome.SUCCEEDED, 0, null).lastActivity()).isEqualTo(T);
    }

    @Test
    void rejectsRecordsThatAreNotWhole() {
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, T, T, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome and finishedAt go together");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, T, null, Outcome.SUCCEEDED, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome and finishedAt go together");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, T, T, Outcome.FAILED, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error is required exactly when");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, T, T, Outcome.SUCCEEDED, 0, ERROR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error is required exactly when");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, null, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs startedAt or finishedAt");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, RUN, null, T, T, Outcome.SUCCEEDED, -1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recordsAffected must be >= 0, was -1");
        assertThatThrownBy(() -> new RunRecord(ACME, ORDERS, null, null, T, null, null, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("runId must not be null");
    }
}
