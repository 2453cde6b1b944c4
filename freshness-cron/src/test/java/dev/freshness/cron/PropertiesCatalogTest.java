package dev.freshness.cron;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.InvalidCatalogException;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The properties catalog declares schedules, read by this module's provider, with line-precise errors. */
class PropertiesCatalogTest {

    private static final String HEAD = "dataset.meta = Meta ads performance\npage.ads = Ads\n";

    private static Catalog read(String text) {
        return Catalog.fromProperties(new StringReader(text), "rules.properties");
    }

    @Test
    void aPageNeedsADatasetByANamedSchedule() {
        Catalog catalog = read(HEAD + """
                schedule.mornings = unix 0 6 * * MON-FRI
                schedule.mornings.zone = Europe/Berlin
                schedule.mornings.grace = 1h
                schedule.mornings.holidays = 2026-12-24, 2026-12-25
                page.ads.needs.meta = due mornings, error 3 missed, ignore-empty
                """);

        Requirement requirement = catalog.requirePage("ads").requirement(DatasetKey.of("meta")).orElseThrow();
        assertThat(requirement.schedule()).contains(CronSchedule.unix("0 6 * * MON-FRI").inZone("Europe/Berlin")
                .withGrace(Duration.ofHours(1))
                .withHolidays(Holidays.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"))));
        assertThat(requirement.errorAfterMissed()).isEqualTo(3);
        assertThat(requirement.ignoresEmptyRefreshes()).isTrue();
        assertThat(catalog.toMarkdownTable()).contains("| `meta` | none | `ads` | due by 07:00 Europe/Berlin on business days |");
    }

    @Test
    void defaultsAreUtcNoGraceNoHolidaysAndTwoMissedDeadlines() {
        Catalog catalog = read(HEAD + "schedule.hourly = quartz 0 0 * ? * *\npage.ads.needs.meta = due hourly\n");

        Requirement requirement = catalog.requirePage("ads").requirement(DatasetKey.of("meta")).orElseThrow();
        assertThat(requirement.schedule()).contains(CronSchedule.quartz("0 0 * ? * *").inZone("UTC"));
        assertThat(requirement.errorAfterMissed()).isEqualTo(2);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(HEAD + "schedule.mornings = unix 0 6 * *\npage.ads.needs.meta = due mornings\n", 3,
                        "schedule 'mornings' is invalid: expression '0 6 * *' is not a unix cron expression: "),
                Arguments.of(HEAD + "schedule.mornings = cronish 0 6 * * *\npage.ads.needs.meta = due mornings\n", 3,
                        "schedule 'mornings' has the syntax 'cronish', which no schedule provider on the class path"
                                + " reads (known: [quartz, unix])"),
                Arguments.of(HEAD + "schedule.mornings = unix\npage.ads.needs.meta = due mornings\n", 3,
                        "schedule 'mornings' is not '<syntax> <expression>', such as 'unix 0 6 * * MON-FRI'"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\n\nschedule.m.zone = Berlin\npage.ads.needs.meta = due m\n", 5,
                        "schedule 'm' is invalid: zone 'Berlin' is not a time zone, such as 'Europe/Berlin'"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\nschedule.m.grace = -1h\n", 4,
                        "schedule 'm' is invalid: grace '-1h' is not a duration; write a whole number and a unit:"
                                + " s, m, h, d or w (90m, 48h, 7d)"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\nschedule.m.holidays = 2026-12-24, 24.12.2026\n", 4,
                        "schedule 'm' is invalid: holidays '24.12.2026' is not a date such as 2026-12-25"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\nschedule.m.timezone = UTC\n", 4,
                        "key 'schedule.m.timezone' is not understood: 'timezone' is not a setting of a schedule"
                                + " [zone, grace, holidays]"),
                Arguments.of(HEAD + "schedule.n.zone = UTC\n", 3,
                        "key 'schedule.n.zone' refers to 'n', which has no 'schedule.n = <syntax> <expression>' line"),
                Arguments.of(HEAD + "page.ads.needs.meta = due evenings\n", 3,
                        "page 'ads' needs 'meta' names the schedule 'evenings', which has no"
                                + " 'schedule.evenings = <syntax> <expression>' line"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\npage.ads.needs.meta = due m, warn 1h\n", 4,
                        "page 'ads' needs 'meta' has both 'due' and a 'warn <duration>' clause; a requirement is a"
                                + " schedule or a maximum age"),
                Arguments.of(HEAD + "page.ads.needs.meta = warn 1h, error 2 missed\n", 3,
                        "page 'ads' needs 'meta' has 'error 2 missed', which needs a 'due <schedule>' clause"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\npage.ads.needs.meta = due m, error 0 missed\n", 4,
                        "page 'ads' needs 'meta' is invalid: errorAfterMissed must be between 1 and 100, was 0"),
                Arguments.of(HEAD + "schedule.m = unix 0 6 * * *\npage.ads.needs.meta = due m, error two missed\n", 4,
                        "page 'ads' needs 'meta' has 'error two missed'; write 'error <number> missed', such as"
                                + " 'error 2 missed'"));
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @MethodSource("malformed")
    void namesTheItemAndTheLineOfEachProblem(String text, int line, String problem) {
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> read(text));

        assertThat(e.getMessage()).startsWith("rules.properties line " + line + ": " + problem);
        assertThat(e.line()).hasValue(line);
    }
}
