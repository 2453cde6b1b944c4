package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One dataset ({@code ad_classifications}, runs take at most 2 hours) walked through ages around both
 * thresholds and through failures, runs in flight, abandoned runs and no success at all: verdict, severity and
 * the whole sentence, read through a real store at an instant set on the clock.
 */
class VerdictGridTest {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final String DATASET = "ad_classifications";
    private static final String TITLE = "Ad classifications: ";

    private static final Requirement WARN_ONLY = Requirement.of(DATASET, ofHours(48));
    private static final Requirement WARN_AND_ERROR = WARN_ONLY.errorAfter(ofDays(7));

    /** Something a run reports, {@code at} after T0. */
    private sealed interface Event permits Start, Success, Failure {
        Duration at();
    }

    private record Start(Duration at, String run) implements Event {
    }

    private record Success(Duration at, String run, long records) implements Event {
    }

    private record Failure(Duration at, String run, JobError error) implements Event {
    }

    private record Case(String name, Requirement requirement, List<Event> events, Duration now,
                        AgeVerdict verdict, Severity severity, String sentence) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Success refreshed() {
        return new Success(Duration.ZERO, "run-1", 120);
    }

    private static Case ageCase(Requirement requirement, Duration age, AgeVerdict verdict, String ageInWords) {
        String name = (requirement.errorAfter().isPresent() ? "warn 48h, error 7d" : "warn 48h") + ", age " + age;
        return new Case(name, requirement, List.of(refreshed()), age, verdict, verdict.severity(),
                TITLE + "last refreshed " + ageInWords + " ago, expected within 48 hours.");
    }

    static Stream<Case> grid() {
        JobError timeout = JobError.of("java.util.concurrent.TimeoutException", "read timed out after 30 s", null);
        JobError noCredentials = JobError.of("java.lang.IllegalStateException", "no credentials.", null);
        return Stream.of(
                // Around warnAfter, with no errorAfter: STALE is the worst an old dataset gets.
                ageCase(WARN_ONLY, Duration.ZERO, AgeVerdict.FRESH, "0 seconds"),
                ageCase(WARN_ONLY, ofHours(48).minusSeconds(1), AgeVerdict.FRESH, "47 hours 59 minutes"),
                ageCase(WARN_ONLY, ofHours(48), AgeVerdict.FRESH, "48 hours"),
                ageCase(WARN_ONLY, ofHours(48).plusSeconds(1), AgeVerdict.STALE, "48 hours"),
                ageCase(WARN_ONLY, ofDays(7), AgeVerdict.STALE, "7 days"),
                ageCase(WARN_ONLY, ofDays(7).plusSeconds(1), AgeVerdict.STALE, "7 days"),
                ageCase(WARN_ONLY, ofDays(30), AgeVerdict.STALE, "30 days"),
                // Around both thresholds, with errorAfter.
                ageCase(WARN_AND_ERROR, ofHours(48).minusSeconds(1), AgeVerdict.FRESH, "47 hours 59 minutes"),
                ageCase(WARN_AND_ERROR, ofHours(48), AgeVerdict.FRESH, "48 hours"),
                ageCase(WARN_AND_ERROR, ofHours(48).plusSeconds(1), AgeVerdict.STALE, "48 hours"),
                ageCase(WARN_AND_ERROR, ofDays(7).minusSeconds(1), AgeVerdict.STALE, "6 days 23 hours"),
                ageCase(WARN_AND_ERROR, ofDays(7), AgeVerdict.STALE, "7 days"),
                ageCase(WARN_AND_ERROR, ofDays(7).plusSeconds(1), AgeVerdict.EXPIRED, "7 days"),
                ageCase(WARN_AND_ERROR, ofDays(30), AgeVerdict.EXPIRED, "30 days"),
                // A failure after the last success stands beside the age and does not change the severity.
                new Case("stale, then the latest refresh failed", WARN_AND_ERROR,
                        List.of(refreshed(), new Start(ofHours(70).minusMinutes(1), "run-2"),
                                new Failure(ofHours(70), "run-2", timeout)),
                        ofHours(72), AgeVerdict.STALE, Severity.WARNING,
                        TITLE + "last refreshed 3 days ago, expected within 48 hours. The latest refresh failed"
                                + " 2 hours ago: TimeoutException: read timed out after 30 s."),
                new Case("fresh, then the latest refresh failed", WARN_AND_ERROR,
                        List.of(refreshed(), new Failure(ofHours(1), "run-2", noCredentials)),
                        ofHours(3), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 3 hours ago, expected within 48 hours. The latest refresh failed"
                                + " 2 hours ago: IllegalStateException: no credentials."),
                new Case("a failure before the last success is not said", WARN_AND_ERROR,
                        List.of(new Failure(ofHours(-1), "run-0", timeout), refreshed()),
                        ofHours(3), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 3 hours ago, expected within 48 hours."),
                // Runs in flight: refreshing while within the max run duration, abandoned beyond it.
                new Case("stale, a refresh in flight", WARN_AND_ERROR,
                        List.of(refreshed(), new Start(ofHours(49), "run-2")),
                        ofHours(50), AgeVerdict.STALE, Severity.WARNING,
                        TITLE + "last refreshed 50 hours ago, expected within 48 hours. A refresh has been running"
                                + " for 1 hour."),
                new Case("a refresh in flight for exactly the max run duration", WARN_AND_ERROR,
                        List.of(refreshed(), new Start(ofHours(10), "run-2")),
                        ofHours(12), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 12 hours ago, expected within 48 hours. A refresh has been running"
                                + " for 2 hours."),
                new Case("a refresh in flight one second longer: abandoned", WARN_AND_ERROR,
                        List.of(refreshed(), new Start(ofHours(10), "run-2")),
                        ofHours(12).plusSeconds(1), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 12 hours ago, expected within 48 hours. A refresh started 2 hours"
                                + " ago was abandoned (runs take at most 2 hours)."),
                new Case("expired, a run abandoned and a later one refreshing", WARN_AND_ERROR,
                        List.of(refreshed(), new Start(ofDays(8), "run-2"), new Start(ofDays(9), "run-3")),
                        ofDays(9).plusMinutes(30), AgeVerdict.EXPIRED, Severity.CRITICAL,
                        TITLE + "last refreshed 9 days ago, expected within 48 hours. A refresh has been running for"
                                + " 30 minutes. A refresh started 24 hours 30 minutes ago was"
                                + " abandoned (runs take at most 2 hours)."),
                new Case("a run abandoned before the last success is not said", WARN_AND_ERROR,
                        List.of(new Start(ofHours(-5), "run-0"), refreshed()),
                        ofHours(1), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 1 hour ago, expected within 48 hours."),
                // No success ever.
                new Case("never refreshed", WARN_AND_ERROR, List.of(),
                        ofHours(1), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL, TITLE + "never refreshed."),
                new Case("never refreshed, no errorAfter", WARN_ONLY, List.of(),
                        ofHours(1), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL, TITLE + "never refreshed."),
                new Case("never refreshed, a first refresh in flight", WARN_AND_ERROR,
                        List.of(new Start(Duration.ZERO, "run-1")),
                        ofMinutes(10), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL,
                        TITLE + "never refreshed. A first refresh has been running for 10 minutes."),
                new Case("never refreshed, the first refresh abandoned", WARN_AND_ERROR,
                        List.of(new Start(Duration.ZERO, "run-1")),
                        ofHours(5), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL,
                        TITLE + "never refreshed. A refresh started 5 hours ago was abandoned (runs take at most"
                                + " 2 hours)."),
                new Case("never refreshed, the first refresh failed", WARN_AND_ERROR,
                        List.of(new Start(Duration.ZERO, "run-1"), new Failure(ofSeconds(30), "run-1", noCredentials)),
                        ofMinutes(5).plusSeconds(30), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL,
                        TITLE + "never refreshed. The latest refresh failed 5 minutes ago: IllegalStateException:"
                                + " no credentials."),
                // A success with zero records, counted by default and ignored when the page says so.
                new Case("an empty refresh counts by default", WARN_AND_ERROR,
                        List.of(refreshed(), new Success(ofHours(60), "run-2", 0)),
                        ofHours(72), AgeVerdict.FRESH, Severity.OK,
                        TITLE + "last refreshed 12 hours ago, expected within 48 hours."),
                new Case("an empty refresh ignored: aged from the last refresh with records",
                        WARN_AND_ERROR.ignoringEmptyRefreshes(),
                        List.of(refreshed(), new Success(ofHours(60), "run-2", 0)),
                        ofHours(72), AgeVerdict.STALE, Severity.WARNING,
                        TITLE + "last refreshed with records 3 days ago, expected within 48 hours. The latest"
                                + " refresh, 12 hours ago, affected no records."),
                new Case("only empty refreshes, ignored", WARN_AND_ERROR.ignoringEmptyRefreshes(),
                        List.of(new Success(Duration.ZERO, "run-1", 0)),
                        ofHours(1), AgeVerdict.NEVER_SUCCEEDED, Severity.CRITICAL,
                        TITLE + "never refreshed with records. The latest refresh, 1 hour ago, affected no records."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void judgesTheDatasetAtTheClocksInstant(Case grid) {
        SettableClock clock = SettableClock.at(T0);
        Catalog catalog = Catalog.builder()
                .dataset(DATASET, "Ad classifications", ofHours(2))
                .page("hook_analysis", "Hook analysis", grid.requirement())
                .build();
        try (DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), catalog)
                .withClock(clock).build()) {
            FreshnessRecords records = freshness.records();
            for (Event event : grid.events()) {
                clock.set(T0.plus(event.at()));
                if (event instanceof Start start) {
                    records.recordStart(ACME, DATASET, RunId.of(start.run()), null);
                } else if (event instanceof Success success) {
                    records.recordSuccess(ACME, DATASET, RunId.of(success.run()), success.records());
                } else if (event instanceof Failure failure) {
                    records.recordFailure(ACME, DATASET, RunId.of(failure.run()), failure.error());
                }
            }
            clock.set(T0.plus(grid.now()));

            assertJudged(grid, freshness.report(ACME, "hook_analysis"));
        }
    }

    private static void assertJudged(Case grid, FreshnessReport report) {
        DatasetVerdict verdict = report.verdicts().get(0);
        assertThat(verdict.ageVerdict()).isEqualTo(grid.verdict());
        assertThat(verdict.severity()).isEqualTo(grid.severity());
        assertThat(verdict.sentence()).isEqualTo(grid.sentence());
        assertThat(report.severity()).isEqualTo(grid.severity());
        assertThat(report.at()).isEqualTo(T0.plus(grid.now()));
    }
}
