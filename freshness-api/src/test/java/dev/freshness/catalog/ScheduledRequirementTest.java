package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scheduled requirements in the API alone, with a schedule written here (due every whole hour, UTC): what they
 * have and lack next to a maximum age, and how they are judged. {@code freshness-cron} tests real cron schedules.
 */
class ScheduledRequirementTest {

    private static final Schedule HOURLY = new HourlySchedule(Duration.ofMinutes(10));
    private static final DatasetDefinition ORDERS = DatasetDefinition.of("orders", "Orders");

    private static DatasetVerdict judge(Requirement requirement, String success, String at) {
        DatasetStatus status = DatasetStatus.of(Scope.tenant("acme"), DatasetKey.of("orders"), null,
                new DatasetStatus.Success(RunId.of("r1"), Instant.parse(success), 3), null, List.of());
        return DatasetVerdict.judge(ORDERS, requirement, status, Instant.parse(at));
    }

    @Test
    void aScheduledRequirementHasNoMaximumAge() {
        Requirement due = Requirement.dueBy("orders", HOURLY);

        assertThat(due.isScheduled()).isTrue();
        assertThat(due.schedule()).contains(HOURLY);
        assertThat(due.errorAfter()).isEmpty();
        assertThat(due.errorAfterMissed()).isEqualTo(Requirement.DEFAULT_ERROR_AFTER_MISSED);
        assertThatThrownBy(due::warnAfter).isInstanceOf(IllegalStateException.class)
                .hasMessage("the requirement on 'orders' is a schedule (due every hour), not a maximum age: it has no warnAfter");
        assertThatThrownBy(() -> due.errorAfter(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Requirement.of("orders", Duration.ofHours(1)).errorAfterMissed(2))
                .isInstanceOf(IllegalStateException.class);
        assertThat(due.errorAfterMissed(3)).isNotEqualTo(due).isEqualTo(Requirement.dueBy("orders", HOURLY).errorAfterMissed(3));
        assertThat(Requirement.of("orders", Duration.ofHours(1)).isScheduled()).isFalse();
        assertThat(new PageDefinition("p", "P", List.of(due)).shortestWarnAfter()).isEmpty();
    }

    @Test
    void theGraceDelaysEachDeadline() {
        Requirement due = Requirement.dueBy("orders", HOURLY);

        // The 10:00 due instant is judged from 10:10 on.
        assertThat(judge(due, "2026-11-30T09:30:00Z", "2026-11-30T10:09:59Z").ageVerdict()).isEqualTo(AgeVerdict.FRESH);
        assertThat(judge(due, "2026-11-30T09:30:00Z", "2026-11-30T10:10:00Z").ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(judge(due, "2026-11-30T09:30:00Z", "2026-11-30T11:10:00Z").ageVerdict()).isEqualTo(AgeVerdict.EXPIRED);
        assertThat(judge(due, "2026-11-30T10:00:00Z", "2026-11-30T10:10:00Z").ageVerdict()).isEqualTo(AgeVerdict.FRESH);
        assertThat(due.staleBefore(Instant.parse("2026-11-30T10:10:00Z"))).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(judge(due, "2026-11-30T09:30:00Z", "2026-11-30T11:10:00Z").sentence())
                .isEqualTo("Orders: due every hour; last refreshed Monday 09:30; missed Monday's 10:10 and every deadline since.");
    }

    @Test
    void theRegistryShowsTheTightestAgeAndEverySchedule() {
        Catalog catalog = Catalog.builder()
                .dataset(ORDERS)
                .page(new PageDefinition("board", "Board", List.of(Requirement.of("orders", Duration.ofHours(6)))))
                .page(new PageDefinition("desk", "Desk", List.of(Requirement.of("orders", Duration.ofHours(2)))))
                .page(new PageDefinition("hourly", "Hourly", List.of(Requirement.dueBy("orders", HOURLY))))
                .build();

        assertThat(catalog.toMarkdownTable()).endsWith("| 2 hours; due every hour |\n");
    }

    @Test
    void thePropertiesFormatSaysWhichModuleReadsCronWhenNoProviderIsThere() {
        String text = "dataset.orders = Orders\nschedule.hourly = unix 0 * * * *\npage.p = P\npage.p.needs.orders = due hourly\n";

        assertThatThrownBy(() -> Catalog.fromProperties(new StringReader(text), "rules.properties"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("rules.properties line 2: schedule 'hourly' has the syntax 'unix', which no schedule provider"
                        + " on the class path reads (add freshness-cron for 'unix' and 'quartz')");
    }
}
