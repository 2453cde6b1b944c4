package dev.freshness.cron;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a scheduled verdict turns, computed by hand with real cron schedules, across a weekend and a daylight-saving
 * change: 2026-11-27 is a Friday; Berlin is at UTC+1 in winter and goes from 02:00 to 03:00 on 2026-03-29.
 */
class ScheduledOutlookTest {

    private static final DatasetDefinition META = DatasetDefinition.of("meta_ads_performance", "Meta ads performance");

    private static DatasetVerdict judge(CronSchedule schedule, String success, String at) {
        DatasetStatus status = DatasetStatus.of(Scope.tenant("acme"), DatasetKey.of("meta_ads_performance"), null,
                new DatasetStatus.Success(RunId.of("r1"), Instant.parse(success), 5), null, List.of());
        return DatasetVerdict.judge(META, Requirement.dueBy("meta_ads_performance", schedule), status, Instant.parse(at));
    }

    @Test
    void afterFridaysRefreshTheNextDeadlineIsMondayMorning() {
        CronSchedule mornings = CronSchedule.unix("0 6 * * MON-FRI").inZone("Europe/Berlin").withGrace(Duration.ofHours(1));
        // Refreshed Friday 06:12 Berlin; asked Friday 20:00 Berlin. Monday's deadline is 07:00 Berlin, 06:00 UTC.
        DatasetVerdict verdict = judge(mornings, "2026-11-27T05:12:00Z", "2026-11-27T19:00:00Z");

        assertThat(verdict.severity()).isEqualTo(Severity.OK);
        assertThat(verdict.warningAfter()).contains(Instant.parse("2026-11-30T05:59:59.999999999Z"));
        assertThat(verdict.criticalAfter()).as("Tuesday's 07:00 is the second missed")
                .contains(Instant.parse("2026-12-01T05:59:59.999999999Z"));
        assertThat(verdict.severityAt(Instant.parse("2026-11-30T06:00:00Z"))).isEqualTo(Severity.WARNING);
        assertThat(verdict.severityAt(Instant.parse("2026-12-01T06:00:00Z"))).isEqualTo(Severity.CRITICAL);
        assertThat(ReportFormatter.english().outlook(verdict)).isEqualTo("Goes stale in 59 hours.");
        assertThat(ReportFormatter.of(Locale.GERMAN).outlook(verdict)).isEqualTo("Veraltet in 59 Stunden.");
    }

    @Test
    void theSpringForwardDeadlineIsCountedFromWhenTheClocksJump() {
        CronSchedule nights = CronSchedule.unix("30 2 * * *").inZone("Europe/Berlin");
        // Refreshed Saturday 02:45 CET; asked Saturday 23:00 CET. 02:30 does not exist on Sunday: due at 03:00 CEST,
        // 01:00 UTC, three hours later; Monday's 02:30 CEST (00:30 UTC) is the second deadline.
        DatasetVerdict verdict = judge(nights, "2026-03-28T01:45:00Z", "2026-03-28T22:00:00Z");

        assertThat(verdict.warningAfter()).contains(Instant.parse("2026-03-29T00:59:59.999999999Z"));
        assertThat(verdict.criticalAfter()).contains(Instant.parse("2026-03-30T00:29:59.999999999Z"));
        assertThat(ReportFormatter.english().outlook(verdict)).isEqualTo("Goes stale in 3 hours.");

        DatasetVerdict stale = judge(nights, "2026-03-28T01:45:00Z", "2026-03-29T02:00:00Z");
        assertThat(stale.severity()).isEqualTo(Severity.WARNING);
        assertThat(ReportFormatter.english().outlook(stale)).isEqualTo("Expires in 22 hours 30 minutes.");
        assertThat(ReportFormatter.of(Locale.GERMAN).outlook(stale)).isEqualTo("Läuft in 22 Stunden 30 Minuten ab.");
    }
}
