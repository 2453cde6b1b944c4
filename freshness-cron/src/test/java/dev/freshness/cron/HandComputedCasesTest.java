package dev.freshness.cron;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.catalog.Schedule;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases computed by hand, with the verdict and the sentence each gives. 2026-11-27 is a Friday and 2026-11-30 a
 * Monday; Berlin is at UTC+1 in winter, New York at UTC-5, Kolkata at UTC+5:30. On 2026-03-29 Berlin goes from
 * 02:00 to 03:00; on 2026-11-01 New York goes from 02:00 back to 01:00; on 2026-10-04 Lord Howe goes from 02:00
 * to 02:30.
 */
class HandComputedCasesTest {

    /** A job that runs at 06:00 on weekdays and takes up to an hour: due by 07:00. */
    private static final CronSchedule BERLIN_MORNINGS = CronSchedule.unix("0 6 * * MON-FRI").inZone("Europe/Berlin")
            .withGrace(Duration.ofHours(1));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the issue's example: Friday's refresh met Friday's deadline, Monday's was missed",
                        BERLIN_MORNINGS, 2, "2026-11-27T05:12:00Z", "2026-11-30T08:00:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;"
                                + " missed Monday's 07:00."),
                Arguments.of("before Monday's deadline, Friday's refresh still counts",
                        BERLIN_MORNINGS, 2, "2026-11-27T05:12:00Z", "2026-11-30T05:45:00Z", AgeVerdict.FRESH,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12."),
                Arguments.of("a deadline is missed from its instant on",
                        BERLIN_MORNINGS, 2, "2026-11-27T05:12:00Z", "2026-11-30T06:00:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;"
                                + " missed Monday's 07:00."),
                Arguments.of("two missed deadlines are critical",
                        BERLIN_MORNINGS, 2, "2026-11-27T05:12:00Z", "2026-12-01T06:00:00Z", AgeVerdict.EXPIRED,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;"
                                + " missed Monday's 07:00 and every deadline since."),
                Arguments.of("with errorAfterMissed 1 the first missed deadline is critical",
                        BERLIN_MORNINGS, 1, "2026-11-27T05:12:00Z", "2026-11-30T08:00:00Z", AgeVerdict.EXPIRED,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;"
                                + " missed Monday's 07:00."),
                Arguments.of("a refresh before the due instant does not count for it",
                        BERLIN_MORNINGS, 2, "2026-11-27T04:59:00Z", "2026-11-27T06:00:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 05:59;"
                                + " missed Friday's 07:00."),
                Arguments.of("a refresh at exactly the due instant meets it",
                        BERLIN_MORNINGS, 2, "2026-11-27T05:00:00Z", "2026-11-27T06:00:00Z", AgeVerdict.FRESH,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:00."),
                Arguments.of("a holiday Monday is not due: business days",
                        BERLIN_MORNINGS.withHolidays(Holidays.of(LocalDate.parse("2026-11-30"))), 2,
                        "2026-11-27T05:12:00Z", "2026-11-30T08:00:00Z", AgeVerdict.FRESH,
                        "Meta ads performance: due by 07:00 Europe/Berlin on business days; last refreshed Friday 06:12."),
                Arguments.of("never refreshed",
                        BERLIN_MORNINGS, 2, null, "2026-11-30T08:00:00Z", AgeVerdict.NEVER_SUCCEEDED,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; never refreshed."),
                Arguments.of("a refresh more than six days ago is said by its date",
                        BERLIN_MORNINGS, 2, "2026-11-10T05:10:00Z", "2026-11-30T08:00:00Z", AgeVerdict.EXPIRED,
                        "Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed 10 November 06:10;"
                                + " missed 07:00 on 11 November and every deadline since."),
                Arguments.of("spring forward: 02:30 does not exist in Berlin on 29 March, so it is due at 03:00",
                        CronSchedule.unix("30 2 * * *").inZone("Europe/Berlin"), 2,
                        "2026-03-28T01:31:00Z", "2026-03-29T01:00:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 02:30 Europe/Berlin every day; last refreshed Saturday 02:31;"
                                + " missed Sunday's 03:00."),
                Arguments.of("spring forward: one second before 03:00 local the deadline has not come",
                        CronSchedule.unix("30 2 * * *").inZone("Europe/Berlin"), 2,
                        "2026-03-28T01:31:00Z", "2026-03-29T00:59:59Z", AgeVerdict.FRESH,
                        "Meta ads performance: due by 02:30 Europe/Berlin every day; last refreshed Saturday 02:31."),
                Arguments.of("fall back: 01:30 occurs twice in New York on 1 November and is due once, at the first",
                        CronSchedule.unix("30 1 * * *").inZone("America/New_York"), 2,
                        "2026-11-01T05:40:00Z", "2026-11-01T06:45:00Z", AgeVerdict.FRESH,
                        "Meta ads performance: due by 01:30 America/New_York every day; last refreshed Sunday 01:40."),
                Arguments.of("Lord Howe's half-hour gap: 02:15 on 4 October is due at 02:30",
                        CronSchedule.unix("15 2 * * *").inZone("Australia/Lord_Howe"), 2,
                        "2026-10-02T15:50:00Z", "2026-10-03T15:30:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 02:15 Australia/Lord_Howe every day; last refreshed Saturday 02:20;"
                                + " missed Sunday's 02:30."),
                Arguments.of("Quartz syntax in Kolkata, with a grace of 30 minutes",
                        CronSchedule.quartz("0 30 9 ? * MON-FRI").inZone("Asia/Kolkata").withGrace(Duration.ofMinutes(30)), 2,
                        "2026-11-30T04:10:00Z", "2026-12-01T04:30:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 10:00 Asia/Kolkata on weekdays; last refreshed Monday 09:40;"
                                + " missed Tuesday's 10:00."),
                Arguments.of("an expression of many times is quoted",
                        CronSchedule.unix("*/15 * * * *").withGrace(Duration.ofMinutes(10)), 2,
                        "2026-11-30T07:50:00Z", "2026-11-30T08:10:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due at the times of '*/15 * * * *' UTC, within 10 minutes;"
                                + " last refreshed Monday 07:50; missed Monday's 08:10."),
                Arguments.of("some days of the week are named",
                        CronSchedule.unix("0 6 * * 1,3,5").inZone("Europe/Berlin"), 2,
                        "2026-11-27T05:12:00Z", "2026-11-30T08:00:00Z", AgeVerdict.STALE,
                        "Meta ads performance: due by 06:00 Europe/Berlin on Mondays, Wednesdays and Fridays;"
                                + " last refreshed Friday 06:12; missed Monday's 06:00."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheVerdictAndSentenceComputedByHand(String name, Schedule schedule, int errorAfterMissed, String success,
                                                   String at, AgeVerdict expected, String sentence) {
        Requirement requirement = Requirement.dueBy("meta_ads_performance", schedule).errorAfterMissed(errorAfterMissed);
        DatasetStatus status = DatasetStatus.of(Scope.tenant("acme"), DatasetKey.of("meta_ads_performance"), null,
                success == null ? null : new DatasetStatus.Success(RunId.of("r1"), Instant.parse(success), 10), null,
                List.of());

        DatasetVerdict verdict = DatasetVerdict.judge(DatasetDefinition.of("meta_ads_performance", "Meta ads performance"),
                requirement, status, Instant.parse(at));

        assertThat(verdict.ageVerdict()).isEqualTo(expected);
        assertThat(verdict.sentence()).isEqualTo(sentence);
    }

    @Test
    void saysTheIssuesExampleInGerman() {
        DatasetStatus status = DatasetStatus.of(Scope.tenant("acme"), DatasetKey.of("meta_ads_performance"), null,
                new DatasetStatus.Success(RunId.of("r1"), Instant.parse("2026-11-27T05:12:00Z"), 10), null, List.of());
        DatasetDefinition dataset = DatasetDefinition.of("meta_ads_performance", "Meta-Anzeigenleistung");

        assertThat(DatasetVerdict.judge(dataset, Requirement.dueBy("meta_ads_performance", BERLIN_MORNINGS), status,
                Instant.parse("2026-11-30T08:00:00Z")).sentence(Locale.GERMAN))
                .isEqualTo("Meta-Anzeigenleistung: fällig bis 07:00 Europe/Berlin an Wochentagen; zuletzt aktualisiert"
                        + " am Freitag um 06:12; die Frist am Montag um 07:00 verpasst.");
        assertThat(CronSchedule.unix("0 6 * * 1,3").inZone("Europe/Berlin").withHolidays(Holidays.of(LocalDate.parse("2026-12-24")))
                .describe(Locale.GERMAN)).isEqualTo("bis 06:00 Europe/Berlin montags und mittwochs außer an Feiertagen");
    }
}
