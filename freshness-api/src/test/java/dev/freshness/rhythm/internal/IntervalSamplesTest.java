package dev.freshness.rhythm.internal;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalSamplesTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T06:00:00Z");

    @Test
    void nearestRankIsAlwaysASampleAtRankCeilingOfPTimesN() {
        List<Duration> twenty = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofHours).toList();

        assertThat(IntervalSamples.nearestRank(twenty, 95)).isEqualTo(Duration.ofHours(19));
        assertThat(IntervalSamples.nearestRank(twenty, 50)).isEqualTo(Duration.ofHours(10));
        assertThat(IntervalSamples.nearestRank(twenty, 100)).isEqualTo(Duration.ofHours(20));
        assertThat(IntervalSamples.nearestRank(twenty, 1)).isEqualTo(Duration.ofHours(1));
        List<Duration> three = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(9));
        assertThat(IntervalSamples.nearestRank(three, 50)).isEqualTo(Duration.ofHours(2));
        assertThat(IntervalSamples.nearestRank(three, 95)).isEqualTo(Duration.ofHours(9));
        assertThat(IntervalSamples.nearestRank(List.of(Duration.ofHours(4)), 50)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void intervalsAreTakenWithinEachScopeAndSuccessesAtTheSameInstantCountOnce() {
        IntervalSamples samples = new IntervalSamples(ZoneOffset.UTC);
        samples.addScope(List.of(MONDAY.plus(Duration.ofHours(24)), MONDAY, MONDAY));
        samples.addScope(List.of(MONDAY.plus(Duration.ofHours(1)), MONDAY.plus(Duration.ofHours(49))));

        assertThat(samples.sortedIntervals()).containsExactly(Duration.ofHours(24), Duration.ofHours(48));
        assertThat(samples.successes()).isEqualTo(4);
        assertThat(samples.successesByDay()).containsEntry(DayOfWeek.MONDAY, 2).containsEntry(DayOfWeek.TUESDAY, 1)
                .containsEntry(DayOfWeek.WEDNESDAY, 1).containsEntry(DayOfWeek.SUNDAY, 0).hasSize(7);
    }

    @Test
    void daysOfTheWeekAreCountedInTheGivenZone() {
        IntervalSamples samples = new IntervalSamples(ZoneId.of("Pacific/Auckland"));
        samples.addScope(List.of(MONDAY.plus(Duration.ofHours(14))));

        assertThat(samples.successesByDay()).containsEntry(DayOfWeek.TUESDAY, 1);
    }
}
