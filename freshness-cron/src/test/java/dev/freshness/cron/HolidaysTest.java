package dev.freshness.cron;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Holiday calendars from code, a file and the class path; on a holiday nothing is due. */
class HolidaysTest {

    @Test
    void readsAResourceOfOneDatePerLineWithNamesAndComments() {
        assertThat(Holidays.fromResource("holidays-berlin.txt").dates()).containsExactly(
                LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-26"));
    }

    @Test
    void readsAFile(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("holidays.txt"), "2026-01-01 New Year\n");

        assertThat(Holidays.fromFile(file)).isEqualTo(Holidays.of(LocalDate.parse("2026-01-01")));
    }

    @Test
    void aLineThatIsNotADateIsNamedWithItsSourceAndNumber() {
        assertThatThrownBy(() -> Holidays.read(new StringReader("2026-12-24\n# comment\n25.12.2026 Weihnachten\n"),
                "holidays.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holidays.txt line 3: '25.12.2026' is not a date such as 2026-12-25");
        assertThatThrownBy(() -> Holidays.fromResource("no-such-holidays.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource 'no-such-holidays.txt' was not found on the class path");
    }

    @Test
    void nothingIsDueOnAHolidayNorOnARunOfThem() {
        // Daily at 06:00 UTC; Christmas Eve to Boxing Day are holidays.
        CronSchedule daily = CronSchedule.unix("0 6 * * *").withHolidays(Holidays.fromResource("holidays-berlin.txt"));

        assertThat(daily.latestDueAtOrBefore(Instant.parse("2026-12-26T23:00:00Z")))
                .contains(Instant.parse("2026-12-23T06:00:00Z"));
        assertThat(daily.earliestDueAfter(Instant.parse("2026-12-23T06:00:00Z")))
                .contains(Instant.parse("2026-12-27T06:00:00Z"));
        assertThat(Holidays.of(LocalDate.parse("2026-12-24")).and(Holidays.of(LocalDate.parse("2026-12-31"))).dates())
                .hasSize(2);
    }
}
