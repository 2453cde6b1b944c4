package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A derived dataset is at best as fresh as its stalest input: its age is measured from the earliest of its own
 * refresh and its inputs' last successes, and its sentence names the input that set it.
 */
class DerivedVerdictTest {

    private static final Instant NOW = Instant.parse("2026-02-04T12:00:00Z"); // a Wednesday
    private static final Scope SCOPE = Scope.tenant("acme");
    private static final DatasetDefinition SCORECARD = DatasetDefinition.of("scorecard", "Scorecard");
    private static final DatasetDefinition META = DatasetDefinition.of("meta_ads_performance", "Meta ads performance");
    private static final DatasetDefinition CLASSIFICATIONS = DatasetDefinition.of("ad_classifications", "Ad classifications");
    private static final Requirement WITHIN_48_HOURS = Requirement.of("scorecard", Duration.ofHours(48))
            .errorAfter(Duration.ofDays(7));

    private static DatasetStatus succeeded(DatasetDefinition dataset, Instant at, long records) {
        return DatasetStatus.of(SCOPE, dataset.key(), null, new DatasetStatus.Success(RunId.of("run-" + dataset.key()), at, records),
                null, List.of());
    }

    private static DatasetStatus succeededAgo(DatasetDefinition dataset, Duration ago) {
        return succeeded(dataset, NOW.minus(ago), 3);
    }

    private static InputStatus input(DatasetStatus status, DatasetDefinition dataset) {
        return new InputStatus(dataset, status);
    }

    @Test
    void theAgeIsTheGreatestOfItsOwnAndItsInputsAndTheSentenceNamesTheRootCause() {
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, succeededAgo(SCORECARD, Duration.ofHours(1)), null,
                List.of(input(succeededAgo(CLASSIFICATIONS, Duration.ofHours(2)), CLASSIFICATIONS),
                        input(succeededAgo(META, Duration.ofDays(5)), META)), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(verdict.age()).contains(Duration.ofDays(5));
        assertThat(verdict.ownRefresh()).map(DatasetStatus.Success::at).contains(NOW.minus(Duration.ofHours(1)));
        assertThat(verdict.lastRefresh()).map(DatasetStatus.Success::at).contains(NOW.minus(Duration.ofDays(5)));
        assertThat(verdict.limitingInput()).map(cause -> cause.dataset().key()).contains(META.key());
        assertThat(verdict.warningAfter()).contains(NOW.minus(Duration.ofDays(3)));
        assertThat(verdict.sentence()).isEqualTo("Scorecard: last refreshed 1 hour ago, from Meta ads performance, "
                + "which is 5 days old; expected within 48 hours.");
        assertThat(verdict.sentence(Locale.GERMAN)).isEqualTo("Scorecard: zuletzt vor 1 Stunde aktualisiert, "
                + "aus Meta ads performance (zuletzt vor 5 Tagen aktualisiert); erwartet innerhalb von 48 Stunden.");
    }

    @Test
    void anInputBeyondErrorAfterMakesItExpired() {
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, succeededAgo(SCORECARD, Duration.ofHours(1)), null,
                List.of(input(succeededAgo(META, Duration.ofDays(8)), META)), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.EXPIRED);
        assertThat(verdict.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void inputsFresherThanItsOwnRefreshChangeNothing() {
        DatasetStatus own = succeededAgo(SCORECARD, Duration.ofHours(50));
        DatasetVerdict derived = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, own, null,
                List.of(input(succeededAgo(META, Duration.ofHours(3)), META),
                        input(succeededAgo(CLASSIFICATIONS, Duration.ofHours(50)), CLASSIFICATIONS)), NOW);
        DatasetVerdict alone = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, own, NOW);

        assertThat(derived.limitingInput()).as("a tie leaves the dataset its own cause").isEmpty();
        assertThat(derived.lastRefresh()).isEqualTo(alone.lastRefresh());
        assertThat(derived.ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(derived.sentence()).isEqualTo(alone.sentence())
                .isEqualTo("Scorecard: last refreshed 50 hours ago, expected within 48 hours.");
        assertThat(derived.inputs()).hasSize(2);
    }

    @Test
    void anInputThatNeverSucceededMakesItNeverSucceeded() {
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, succeededAgo(SCORECARD, Duration.ofHours(1)), null,
                List.of(input(succeededAgo(CLASSIFICATIONS, Duration.ofDays(6)), CLASSIFICATIONS),
                        input(DatasetStatus.empty(SCOPE, META.key()), META)), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.NEVER_SUCCEEDED);
        assertThat(verdict.lastRefresh()).isEmpty();
        assertThat(verdict.limitingInput()).map(cause -> cause.dataset().key()).contains(META.key());
        assertThat(verdict.sentence())
                .isEqualTo("Scorecard: last refreshed 1 hour ago, from Meta ads performance, which was never refreshed.");
        assertThat(verdict.sentence(Locale.GERMAN))
                .isEqualTo("Scorecard: zuletzt vor 1 Stunde aktualisiert, aus Meta ads performance (nie aktualisiert).");
    }

    @Test
    void whenItNeverRefreshedItselfItIsItsOwnRootCause() {
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, DatasetStatus.empty(SCOPE, SCORECARD.key()), null,
                List.of(input(succeededAgo(META, Duration.ofDays(5)), META)), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.NEVER_SUCCEEDED);
        assertThat(verdict.limitingInput()).isEmpty();
        assertThat(verdict.sentence()).isEqualTo("Scorecard: never refreshed.");
    }

    @Test
    void anEmptyRefreshOfTheDatasetIsStillIgnoredBesideItsInputs() {
        Requirement ignoringEmpty = Requirement.of("scorecard", Duration.ofHours(48)).ignoringEmptyRefreshes();
        DatasetStatus.Success withRecords = new DatasetStatus.Success(RunId.of("earlier"), NOW.minus(Duration.ofHours(10)), 4);
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, ignoringEmpty, succeeded(SCORECARD, NOW.minus(Duration.ofHours(1)), 0),
                withRecords, List.of(input(succeededAgo(META, Duration.ofHours(3)), META)), NOW);

        assertThat(verdict.emptyRefreshIgnored()).isTrue();
        assertThat(verdict.ownRefresh()).contains(withRecords);
        assertThat(verdict.limitingInput()).isEmpty();
        assertThat(verdict.age()).contains(Duration.ofHours(10));
    }

    /** Due every day at 07:00 UTC. */
    private record DailyAtSeven() implements Schedule {
        private static final Duration DAY = Duration.ofDays(1);

        @Override
        public Optional<Instant> latestDueAtOrBefore(Instant instant) {
            Instant seven = instant.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(7));
            return Optional.of(seven.isAfter(instant) ? seven.minus(DAY) : seven);
        }

        @Override
        public Optional<Instant> earliestDueAfter(Instant instant) {
            return Optional.of(latestDueAtOrBefore(instant).orElseThrow().plus(DAY));
        }

        @Override
        public ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public String describe(Locale locale) {
            return "every day at 07:00";
        }
    }

    @Test
    void aScheduleIsJudgedFromTheStalestInputAndSaysIt() {
        Requirement due = Requirement.dueBy("scorecard", new DailyAtSeven());
        DatasetVerdict verdict = DatasetVerdict.judge(SCORECARD, due, succeeded(SCORECARD, Instant.parse("2026-02-04T07:30:00Z"), 3), null,
                List.of(input(succeeded(META, Instant.parse("2026-02-02T06:12:00Z"), 3), META)), NOW);

        assertThat(verdict.missedDeadlines()).isEqualTo(due.errorAfterMissed());
        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.EXPIRED);
        assertThat(verdict.sentence()).isEqualTo("Scorecard: due every day at 07:00; last refreshed Wednesday 07:30, "
                + "from Meta ads performance, which was last refreshed Monday 06:12; missed Monday's 07:00 and every deadline since.");
    }

    @Test
    void inputsMustBeOtherDatasetsOfTheSameScope() {
        DatasetStatus own = succeededAgo(SCORECARD, Duration.ofHours(1));
        DatasetStatus elsewhere = DatasetStatus.of(Scope.tenant("globex"), META.key(), null, null, null, List.of());

        assertThatThrownBy(() -> DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, own, null, List.of(input(elsewhere, META)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant:globex");
        assertThatThrownBy(() -> DatasetVerdict.judge(SCORECARD, WITHIN_48_HOURS, own, null, List.of(input(own, SCORECARD)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InputStatus(SCORECARD, DatasetStatus.empty(SCOPE, META.key())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same dataset");
    }
}
