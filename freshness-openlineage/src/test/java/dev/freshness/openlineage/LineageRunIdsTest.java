package dev.freshness.openlineage;

import dev.freshness.core.RunId;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenLineage run id is a version 5 UUID of the run id: the same in every process. */
class LineageRunIdsTest {

    @Test
    void isTheNameBasedUuidOfTheRunIdAsRfc4122DefinesIt() {
        // uuid.uuid5(uuid.NAMESPACE_URL, "urn:freshness:run:run-1") in Python.
        assertThat(LineageRunIds.of(RunId.of("run-1"))).isEqualTo(UUID.fromString("1d294cfe-2343-521e-a56e-05788bc150df"));
        UUID id = LineageRunIds.of(RunId.of("scheduler-4711"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(LineageRunIds.of(RunId.of("scheduler-4711"))).isEqualTo(id);
        assertThat(LineageRunIds.of(RunId.of("scheduler-4712"))).isNotEqualTo(id);
        assertThatThrownBy(() -> LineageRunIds.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("runId");
    }
}
