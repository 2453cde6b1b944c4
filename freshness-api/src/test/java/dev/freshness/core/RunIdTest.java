package dev.freshness.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"run-1", "quartz:DEFAULT.nightly#42", "a b", "~!@#$%^&*()"})
    void acceptsPrintableAscii(String value) {
        assertThat(RunId.of(value).value()).isEqualTo(value);
    }

    @Test
    void acceptsTwoHundredCharactersNotMore() {
        assertThat(RunId.of("r".repeat(200)).value()).hasSize(RunId.MAX_LENGTH);
        assertThatThrownBy(() -> RunId.of("r".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("runId must be at most 200 characters, was 201");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> RunId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("runId must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "  ", "\t"})
    void rejectsBlank(String blank) {
        assertThatThrownBy(() -> RunId.of(blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("runId must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {" run", "run "})
    void rejectsLeadingOrTrailingSpaces(String value) {
        assertThatThrownBy(() -> RunId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId")
                .hasMessageContaining("must not start or end with a space");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run\t1", "run\u00001", "run\u007f1", "runé1", "run😀"})
    void rejectsCharactersOutsidePrintableAscii(String value) {
        assertThatThrownBy(() -> RunId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId")
                .hasMessageContaining("at index 3")
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void randomIdsAreValidAndDistinct() {
        RunId first = RunId.random();

        assertThat(RunId.of(first.value())).isEqualTo(first);
        assertThat(RunId.random()).isNotEqualTo(first);
    }

    @Test
    void generatedIdsAreTimeOrderedUuidsOfVersion7() {
        Instant start = Instant.parse("2026-03-09T06:00:00.123Z");
        RunId id = RunId.timeOrdered(start);
        RunId sameMillisecond = RunId.timeOrdered(start);
        RunId later = RunId.timeOrdered(start.plusMillis(1));

        UUID uuid = UUID.fromString(id.value());
        assertThat(uuid.toString()).isEqualTo(id.value());
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(start.toEpochMilli());
        assertThat(sameMillisecond).isNotEqualTo(id);
        assertThat(later).isGreaterThan(id).isGreaterThan(sameMillisecond);
        assertThat(UUID.fromString(RunId.random().value()).version()).isEqualTo(7);
        assertThat(UUID.fromString(RunId.timeOrdered(Instant.parse("1960-01-01T00:00:00Z")).value())
                .getMostSignificantBits() >>> 16).isZero();
        assertThatThrownBy(() -> RunId.timeOrdered(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("startedAt");
    }

    @Test
    void comparesAndEqualsByValue() {
        assertThat(RunId.of("run-10")).isLessThan(RunId.of("run-2"));
        assertThat(RunId.of("a")).isEqualTo(RunId.of("a")).hasSameHashCodeAs(RunId.of("a")).hasToString("a");
    }
}
