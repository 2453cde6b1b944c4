package dev.freshness.cron;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad schedules are rejected with the parameter and the value named, before anything is written. */
class BadInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"0 6 * *", "61 6 * * *", "0 6 * * MON-FUNDAY", "every morning"})
    void anUnparsableUnixExpressionIsNamed(String expression) {
        assertThatThrownBy(() -> CronSchedule.unix(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expression '" + expression + "' is not a unix cron expression: ");
    }

    @Test
    void aUnixExpressionIsNotAQuartzOne() {
        assertThatThrownBy(() -> CronSchedule.quartz("0 6 * * MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expression '0 6 * * MON-FRI' is not a quartz cron expression: ");
    }

    @Test
    void aBlankOrNullExpressionIsNamed() {
        assertThatThrownBy(() -> CronSchedule.unix("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expression must not be blank, was '  '");
        assertThatThrownBy(() -> CronSchedule.unix(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("expression must not be null");
    }

    @Test
    void anUnknownZoneIsNamed() {
        assertThatThrownBy(() -> CronSchedule.unix("0 6 * * *").inZone("Europe/Berlinn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("zone 'Europe/Berlinn' is not a time zone, such as 'Europe/Berlin'");
    }

    @Test
    void aNegativeGraceIsNamed() {
        assertThatThrownBy(() -> CronSchedule.unix("0 6 * * *").withGrace(Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grace must not be negative, was PT-5M");
    }

    @Test
    void errorAfterMissedIsBetweenOneAndAHundred() {
        Requirement due = Requirement.dueBy("orders", CronSchedule.unix("0 6 * * *"));

        assertThatThrownBy(() -> due.errorAfterMissed(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorAfterMissed must be between 1 and 100, was 0");
        assertThatThrownBy(() -> due.errorAfterMissed(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorAfterMissed must be between 1 and 100, was 101");
        assertThat(due.errorAfterMissed()).isEqualTo(2);
    }

    @Test
    void aCatalogWithABadScheduleIsNotBuiltSoNothingIsWritten() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        String text = """
                dataset.orders = Orders
                schedule.mornings = unix 0 6 * * MON-FRI
                schedule.mornings.zone = Mars/Olympus
                page.p = P
                page.p.needs.orders = due mornings
                """;

        assertThatThrownBy(() -> Catalog.fromProperties(new StringReader(text), "rules.properties"))
                .hasMessage("rules.properties line 3: schedule 'mornings' is invalid: zone 'Mars/Olympus' is not a time"
                        + " zone, such as 'Europe/Berlin'");
        assertThat(store.statuses(Set.of(Scope.global()), Set.of(DatasetKey.of("orders")))).isEmpty();
    }
}
