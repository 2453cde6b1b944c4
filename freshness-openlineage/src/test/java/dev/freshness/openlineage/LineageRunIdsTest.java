package dev.freshness.openlineage;

import dev.freshness.core.RunId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenLineage run id is a function of the run id alone, the same in every process: the run id itself when it
 * is a UUIDv7 (as the library makes them), else a version 5 UUID of it.
 */
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

    @Test
    void aRunIdTheLibraryMadeIsItsOwnTimeOrderedUuidV7() {
        Instant start = Instant.parse("2026-03-09T06:00:00.250Z");
        RunId made = RunId.timeOrdered(start);
        RunId madeLater = RunId.timeOrdered(start.plusMillis(1));

        UUID id = LineageRunIds.of(made);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.toString()).isEqualTo(made.value());
        assertThat(id.getMostSignificantBits() >>> 16).as("the run's start, in ms").isEqualTo(start.toEpochMilli());
        assertThat(LineageRunIds.of(RunId.of(made.value()))).as("the same in another process").isEqualTo(id);
        UUID later = LineageRunIds.of(madeLater);
        assertThat(later.version()).isEqualTo(7);
        assertThat(later.toString()).as("time-ordered, as text").isGreaterThan(id.toString());
        assertThat(Long.compareUnsigned(later.getMostSignificantBits(), id.getMostSignificantBits())).isPositive();
    }

    @Test
    void aRunIdThatIsNoCanonicalUuidV7IsHashed() {
        String v4 = "0b6c2a3e-4f5d-4a6b-9c7d-8e9f0a1b2c3d";
        String v7Upper = RunId.timeOrdered(Instant.parse("2026-03-09T06:00:00Z")).value().toUpperCase();
        String v7WrongVariant = "01900000-0000-7000-c000-000000000000";

        for (String value : new String[] {v4, v7Upper, v7WrongVariant, "0190000-0000-7000-8000-0000000000000"}) {
            UUID id = LineageRunIds.of(RunId.of(value));
            assertThat(id.version()).as(value).isEqualTo(5);
            assertThat(id.toString()).isNotEqualToIgnoringCase(value);
        }
    }
}
