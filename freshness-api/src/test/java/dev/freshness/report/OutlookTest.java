package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.HourlySchedule;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The future in every verdict, computed by hand: when a verdict and a report turn WARNING and CRITICAL if nothing
 * succeeds, their severity at a later instant, and the sentences that say it ("Goes stale in 3 hours.").
 */
class OutlookTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final Scope SCOPE = Scope.tenant("acme");
    private static final DatasetDefinition ORDERS = DatasetDefinition.of("orders", "Orders");
    private static final DatasetDefinition CUSTOMERS = DatasetDefinition.of("customers", "Customers");
    /** Warning after a day, critical after three. */
    private static final Requirement ORDERS_DAILY = Requirement.of("orders", Duration.ofDays(1)).errorAfter(Duration.ofDays(3));
    private static final Requirement CUSTOMERS_HALF_DAY = Requirement.of("customers", Duration.ofHours(12)).errorAfter(Duration.ofDays(1));
    private static final ReportFormatter ENGLISH = ReportFormatter.english();
    private static final ReportFormatter GERMAN = ReportFormatter.of(Locale.GERMAN);

    private static DatasetStatus status(String dataset, Instant lastSuccess) {
        DatasetStatus.Success success = lastSuccess == null ? null : new DatasetStatus.Success(RunId.of("r1"), lastSuccess, 3);
        return DatasetStatus.of(SCOPE, DatasetKey.of(dataset), null, success, null, List.of());
    }

    private static DatasetVerdict orders(Duration ago) {
        return DatasetVerdict.judge(ORDERS, ORDERS_DAILY, status("orders", NOW.minus(ago)), NOW);
    }

    private static DatasetVerdict customers(Duration ago) {
        return DatasetVerdict.judge(CUSTOMERS, CUSTOMERS_HALF_DAY, status("customers", NOW.minus(ago)), NOW);
    }

    private static FreshnessReport report(DatasetVerdict... verdicts) {
        PageDefinition page = new PageDefinition("dashboard", "Dashboard", List.of(ORDERS_DAILY, CUSTOMERS_HALF_DAY));
        return FreshnessReport.of(SCOPE, page, NOW, List.of(verdicts));
    }

    @Nested
    class AMaximumAge {

        @Test
        void aFreshVerdictSaysWhenItGoesStaleAndWhenItExpires() {
            DatasetVerdict fresh = orders(Duration.ofHours(21));

            assertThat(fresh.severity()).isEqualTo(Severity.OK);
            assertThat(fresh.warningAfter()).contains(Instant.parse("2026-02-01T15:00:00Z"));
            assertThat(fresh.criticalAfter()).contains(Instant.parse("2026-02-03T15:00:00Z"));
            assertThat(fresh.severityAt(Instant.parse("2026-02-01T15:00:00Z"))).as("an age of exactly warnAfter is fresh")
                    .isEqualTo(Severity.OK);
            assertThat(fresh.severityAt(Instant.parse("2026-02-01T15:00:00.000000001Z"))).isEqualTo(Severity.WARNING);
            assertThat(fresh.severityAt(Instant.parse("2026-02-03T15:00:00Z"))).isEqualTo(Severity.WARNING);
            assertThat(fresh.severityAt(Instant.parse("2026-02-03T15:00:01Z"))).isEqualTo(Severity.CRITICAL);
            assertThat(fresh.severityAt(NOW.minus(Duration.ofDays(1)))).as("the past is this verdict").isEqualTo(Severity.OK);

            assertThat(ENGLISH.outlook(fresh)).isEqualTo("Goes stale in 3 hours.");
            assertThat(GERMAN.outlook(fresh)).isEqualTo("Veraltet in 3 Stunden.");
            assertThat(ENGLISH.sentenceWithOutlook(fresh))
                    .isEqualTo("Orders: last refreshed 21 hours ago, expected within 24 hours. Goes stale in 3 hours.");
            assertThat(GERMAN.sentenceWithOutlook(fresh)).isEqualTo(
                    "Orders: zuletzt vor 21 Stunden aktualisiert, erwartet innerhalb von 24 Stunden. Veraltet in 3 Stunden.");
            assertThat(fresh.sentence()).as("the sentence itself is unchanged")
                    .isEqualTo("Orders: last refreshed 21 hours ago, expected within 24 hours.");
        }

        @Test
        void aVerdictSeenAtTheSameInstantAsJudgedLaterHasTheSameSeverity() {
            DatasetStatus status = status("orders", NOW.minus(Duration.ofHours(21)));
            DatasetVerdict now = DatasetVerdict.judge(ORDERS, ORDERS_DAILY, status, NOW);
            for (long hours = 0; hours < 100; hours++) {
                Instant later = NOW.plus(Duration.ofHours(hours)).plusSeconds(1);
                assertThat(now.severityAt(later)).as("%d hours later", hours)
                        .isEqualTo(DatasetVerdict.judge(ORDERS, ORDERS_DAILY, status, later).severity());
            }
        }

        @Test
        void aStaleVerdictSaysWhenItExpires() {
            DatasetVerdict stale = orders(Duration.ofHours(30));

            assertThat(stale.severity()).isEqualTo(Severity.WARNING);
            assertThat(stale.criticalAfter()).contains(Instant.parse("2026-02-03T06:00:00Z"));
            assertThat(ENGLISH.outlook(stale)).isEqualTo("Expires in 42 hours.");
            assertThat(GERMAN.outlook(stale)).isEqualTo("Läuft in 42 Stunden ab.");
        }

        @Test
        void nothingIsSaidWhenNothingWillChangeByAgeAlone() {
            DatasetVerdict expired = orders(Duration.ofDays(4));
            DatasetVerdict never = DatasetVerdict.judge(ORDERS, ORDERS_DAILY, status("orders", null), NOW);
            DatasetVerdict staleForever = DatasetVerdict.judge(ORDERS, Requirement.of("orders", Duration.ofDays(1)),
                    status("orders", NOW.minus(Duration.ofDays(9))), NOW);

            assertThat(ENGLISH.outlook(expired)).isEmpty();
            assertThat(ENGLISH.outlook(never)).isEmpty();
            assertThat(never.severityAt(NOW.plus(Duration.ofDays(1)))).isEqualTo(Severity.CRITICAL);
            assertThat(ENGLISH.outlook(staleForever)).isEmpty();
            assertThat(staleForever.severityAt(NOW.plus(Duration.ofDays(999)))).isEqualTo(Severity.WARNING);
            assertThat(ENGLISH.sentenceWithOutlook(expired)).isEqualTo(expired.sentence());
        }

        @Test
        void theTimeIsCutNeverRoundedUp() {
            DatasetVerdict fresh = orders(Duration.ofHours(21).plusMinutes(20).plusSeconds(30));

            assertThat(ENGLISH.outlook(fresh)).isEqualTo("Goes stale in 2 hours 39 minutes.");
        }
    }

    @Nested
    class ASchedule {

        private final Requirement hourly = Requirement.dueBy("orders", new HourlySchedule(Duration.ofMinutes(10)));

        private DatasetVerdict judge(String success, String at) {
            return DatasetVerdict.judge(ORDERS, hourly, status("orders", Instant.parse(success)), Instant.parse(at));
        }

        @Test
        void aMetDeadlineSaysWhenTheNextOneIsMissed() {
            DatasetVerdict fresh = judge("2026-02-01T09:30:00Z", "2026-02-01T10:05:00Z");

            assertThat(fresh.severity()).isEqualTo(Severity.OK);
            assertThat(fresh.warningAfter()).contains(Instant.parse("2026-02-01T10:09:59.999999999Z"));
            assertThat(fresh.criticalAfter()).contains(Instant.parse("2026-02-01T11:09:59.999999999Z"));
            assertThat(fresh.severityAt(Instant.parse("2026-02-01T10:09:59.999999999Z"))).isEqualTo(Severity.OK);
            assertThat(fresh.severityAt(Instant.parse("2026-02-01T10:10:00Z"))).isEqualTo(Severity.WARNING);
            assertThat(fresh.severityAt(Instant.parse("2026-02-01T11:10:00Z"))).isEqualTo(Severity.CRITICAL);
            assertThat(ENGLISH.outlook(fresh)).as("the deadline is at 10:10, when it turns").isEqualTo("Goes stale in 5 minutes.");
            assertThat(GERMAN.outlook(fresh)).isEqualTo("Veraltet in 5 Minuten.");
        }

        @Test
        void aMissedDeadlineSaysWhenTheDeadlineThatMakesItCriticalComes() {
            DatasetVerdict stale = judge("2026-02-01T09:30:00Z", "2026-02-01T10:30:00Z");

            assertThat(stale.severity()).isEqualTo(Severity.WARNING);
            assertThat(ENGLISH.outlook(stale)).isEqualTo("Expires in 40 minutes.");
            assertThat(GERMAN.outlook(stale)).isEqualTo("Läuft in 40 Minuten ab.");
            for (int minutes = 0; minutes < 300; minutes += 7) {
                Instant later = Instant.parse("2026-02-01T10:30:00Z").plus(Duration.ofMinutes(minutes));
                assertThat(stale.severityAt(later)).as("%d minutes later", minutes).isEqualTo(
                        judge("2026-02-01T09:30:00Z", later.toString()).severity());
            }
        }
    }

    @Nested
    class AReport {

        @Test
        void aFreshReportTurnsWithItsEarliestDataset() {
            FreshnessReport report = report(orders(Duration.ofHours(21)), customers(Duration.ofHours(10)));

            assertThat(report.severity()).isEqualTo(Severity.OK);
            assertThat(report.warningAfter()).contains(Instant.parse("2026-02-01T14:00:00Z"));
            assertThat(report.criticalAfter()).contains(Instant.parse("2026-02-02T02:00:00Z"));
            assertThat(report.severityAt(Instant.parse("2026-02-01T14:00:00Z"))).isEqualTo(Severity.OK);
            assertThat(report.severityAt(Instant.parse("2026-02-01T14:00:01Z"))).isEqualTo(Severity.WARNING);
            assertThat(report.severityAt(Instant.parse("2026-02-02T02:00:01Z"))).isEqualTo(Severity.CRITICAL);
            assertThat(ENGLISH.outlook(report)).isEqualTo("Customers goes stale in 2 hours.");
            assertThat(GERMAN.outlook(report)).isEqualTo("Customers veraltet in 2 Stunden.");
        }

        @Test
        void aReportAtWarningSaysWhenItExpires() {
            FreshnessReport report = report(orders(Duration.ofHours(30)), customers(Duration.ofHours(10)));

            assertThat(report.severity()).isEqualTo(Severity.WARNING);
            assertThat(report.warningAfter()).as("it is at warning already").isEmpty();
            assertThat(report.criticalAfter()).as("customers expires before orders")
                    .contains(Instant.parse("2026-02-02T02:00:00Z"));
            assertThat(ENGLISH.outlook(report)).isEqualTo("Customers expires in 14 hours.");
            assertThat(GERMAN.outlook(report)).isEqualTo("Customers läuft in 14 Stunden ab.");
        }

        @Test
        void onATieThePagesOrderDecides() {
            FreshnessReport report = report(orders(Duration.ofHours(22)), customers(Duration.ofHours(10)));

            assertThat(ENGLISH.outlook(report)).isEqualTo("Orders goes stale in 2 hours.");
        }

        @Test
        void aCriticalOrUnreadableReportHasNoOutlook() {
            FreshnessReport critical = report(orders(Duration.ofDays(4)), customers(Duration.ofHours(10)));
            PageDefinition page = new PageDefinition("dashboard", "Dashboard", List.of(ORDERS_DAILY));
            FreshnessReport unreadable = FreshnessReport.unreadable(SCOPE, page, NOW, new StoreException("down", null));

            assertThat(critical.warningAfter()).isEmpty();
            assertThat(critical.criticalAfter()).isEmpty();
            assertThat(ENGLISH.outlook(critical)).isEmpty();
            assertThat(unreadable.warningAfter()).isEmpty();
            assertThat(unreadable.criticalAfter()).isEmpty();
            assertThat(unreadable.severityAt(NOW.plus(Duration.ofDays(9)))).isEqualTo(Severity.WARNING);
            assertThat(ENGLISH.outlook(unreadable)).isEmpty();
        }

        @Test
        void nullsAreRejected() {
            FreshnessReport report = report(orders(Duration.ofHours(21)), customers(Duration.ofHours(10)));

            assertThatThrownBy(() -> report.severityAt(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("instant");
            assertThatThrownBy(() -> ENGLISH.outlook((FreshnessReport) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ENGLISH.outlook((DatasetVerdict) null)).isInstanceOf(NullPointerException.class);
        }
    }
}
