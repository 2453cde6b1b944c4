package dev.freshness.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunEventTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final RunId RUN = RunId.of("run-1");
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void everyCommonComponentIsRequired() {
        assertThatThrownBy(() -> new RunEvent.Started(null, ORDERS, RUN, AT, null)).hasMessage("scope must not be null");
        assertThatThrownBy(() -> new RunEvent.Started(ACME, null, RUN, AT, null)).hasMessage("dataset must not be null");
        assertThatThrownBy(() -> new RunEvent.Succeeded(ACME, ORDERS, null, AT, 1)).hasMessage("runId must not be null");
        assertThatThrownBy(() -> new RunEvent.Failed(ACME, ORDERS, RUN, null, JobError.of("E", "m", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("at must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1000000000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z"})
    void anInstantNoStoreHoldsExactlyIsRejectedBeforeAnythingIsWritten(String instant) {
        Instant at = instant.startsWith("-1000000000") ? Instant.MIN : instant.startsWith("+1000000000") ? Instant.MAX
                : Instant.parse(instant);
        assertThatThrownBy(() -> new RunEvent.Succeeded(ACME, ORDERS, RUN, at, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("at must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z")
                .hasMessageEndingWith(", was " + at);
    }

    @Test
    void theEndsOfTheRangeAreAccepted() {
        assertThat(new RunEvent.Started(ACME, ORDERS, RUN, RunEvent.EARLIEST, null).at()).isEqualTo(Instant.EPOCH);
        assertThat(new RunEvent.Failed(ACME, ORDERS, RUN, RunEvent.LATEST, JobError.of("E", "m", null)).at())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void recordsAffectedMustNotBeNegative(long records) {
        assertThatThrownBy(() -> new RunEvent.Succeeded(ACME, ORDERS, RUN, AT, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recordsAffected must be >= 0, was " + records);
    }

    @Test
    void zeroRecordsIsASuccess() {
        assertThat(new RunEvent.Succeeded(ACME, ORDERS, RUN, AT, 0).recordsAffected()).isZero();
    }

    @Test
    void aFailureNeedsItsError() {
        assertThatThrownBy(() -> new RunEvent.Failed(ACME, ORDERS, RUN, AT, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("error must not be null");
    }

    @Test
    void aJobNameFollowsTheDatasetKeyRuleOrIsNull() {
        assertThat(new RunEvent.Started(ACME, ORDERS, RUN, AT, null).jobName()).isNull();
        assertThat(new RunEvent.Started(ACME, ORDERS, RUN, AT, "meta_sync").jobName()).isEqualTo("meta_sync");
        assertThatThrownBy(() -> new RunEvent.Started(ACME, ORDERS, RUN, AT, "meta sync"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobName 'meta sync' has (U+0020) at index 4");
        assertThatThrownBy(() -> new RunEvent.Started(ACME, ORDERS, RUN, AT, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobName must not be blank");
    }

    @Test
    void atCopiesTheEventToAnotherInstant() {
        Instant later = AT.plusSeconds(1);

        assertThat(new RunEvent.Started(ACME, ORDERS, RUN, AT, "job").at(later))
                .isEqualTo(new RunEvent.Started(ACME, ORDERS, RUN, later, "job"));
        assertThat(new RunEvent.Succeeded(ACME, ORDERS, RUN, AT, 4).at(later))
                .isEqualTo(new RunEvent.Succeeded(ACME, ORDERS, RUN, later, 4));
        JobError error = JobError.of("E", "m", null);
        assertThat(new RunEvent.Failed(ACME, ORDERS, RUN, AT, error).at(later))
                .isEqualTo(new RunEvent.Failed(ACME, ORDERS, RUN, later, error));
    }
}
