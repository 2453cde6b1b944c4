package dev.freshness.report;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetVerdictTest {

    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final Scope SCOPE = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final DatasetDefinition DATASET = DatasetDefinition.of("orders", "Orders");
    private static final Requirement WITHIN_A_DAY = Requirement.of("orders", Duration.ofDays(1));

    private static DatasetStatus succeededAgo(Duration ago, long records) {
        return DatasetStatus.of(SCOPE, ORDERS, null, new DatasetStatus.Success(RunId.of("r1"), NOW.minus(ago), records),
                null, List.of());
    }

    @Test
    void measuresAgeFromTheLastSuccess() {
        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, WITHIN_A_DAY, succeededAgo(Duration.ofHours(30), 5), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(verdict.age()).contains(Duration.ofHours(30));
        assertThat(verdict.lastRefresh()).map(DatasetStatus.Success::recordsAffected).contains(5L);
        assertThat(verdict.at()).isEqualTo(NOW);
        assertThat(verdict.sentence()).isEqualTo("Orders: last refreshed 30 hours ago, expected within 24 hours.");
    }

    @Test
    void aSuccessStampedAfterNowIsFreshAndZeroOld() {
        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, WITHIN_A_DAY, succeededAgo(Duration.ofMinutes(-3), 5), NOW);

        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.FRESH);
        assertThat(verdict.age()).contains(Duration.ZERO);
    }

    @Test
    void aFailureWhoseMessageEndsAPhraseGetsNoSecondFullStop() {
        DatasetStatus status = DatasetStatus.of(SCOPE, ORDERS, null, null,
                new DatasetStatus.Failure(RunId.of("r1"), NOW.minusSeconds(90), JobError.of("Boom", "Out of disk!", null)),
                List.of());

        assertThat(DatasetVerdict.judge(DATASET, WITHIN_A_DAY, status, NOW).sentence())
                .isEqualTo("Orders: never refreshed. The latest refresh failed 1 minute 30 seconds ago: Boom: Out of disk!");
    }

    @Test
    void usesTheGivenLastRefreshWithRecordsOnlyWhenEmptyRefreshesAreIgnored() {
        DatasetStatus emptyLately = succeededAgo(Duration.ofHours(1), 0);
        DatasetStatus.Success withRecords = new DatasetStatus.Success(RunId.of("r0"), NOW.minus(Duration.ofDays(3)), 7);

        assertThat(DatasetVerdict.judge(DATASET, WITHIN_A_DAY, emptyLately, withRecords, NOW).ageVerdict()).isEqualTo(AgeVerdict.FRESH);
        assertThat(DatasetVerdict.judge(DATASET, WITHIN_A_DAY.ignoringEmptyRefreshes(), emptyLately, withRecords, NOW)
                .ageVerdict()).isEqualTo(AgeVerdict.STALE);
        assertThat(DatasetVerdict.judge(DATASET, WITHIN_A_DAY.ignoringEmptyRefreshes(), emptyLately, NOW).ageVerdict())
                .isEqualTo(AgeVerdict.NEVER_SUCCEEDED);
    }

    @Test
    void warningAfterAndCriticalAfterAreTheLastRefreshPlusEachLimit() {
        Requirement requirement = Requirement.of("orders", Duration.ofHours(24)).errorAfter(Duration.ofDays(3));
        DatasetStatus status = succeededAgo(Duration.ofHours(30), 5);
        Instant refreshed = NOW.minus(Duration.ofHours(30));

        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, requirement, status, NOW);

        assertThat(verdict.warningAfter()).contains(refreshed.plus(Duration.ofHours(24)));
        assertThat(verdict.criticalAfter()).contains(refreshed.plus(Duration.ofDays(3)));
    }

    @Test
    void atWarningAfterTheDataIsStillFreshAndOneInstantLaterStaleLikewiseForCritical() {
        Requirement requirement = Requirement.of("orders", Duration.ofHours(24)).errorAfter(Duration.ofDays(3));
        DatasetStatus status = succeededAgo(Duration.ofHours(1), 5);
        DatasetVerdict now = DatasetVerdict.judge(DATASET, requirement, status, NOW);
        Instant warningAfter = now.warningAfter().orElseThrow();
        Instant criticalAfter = now.criticalAfter().orElseThrow();

        assertThat(DatasetVerdict.judge(DATASET, requirement, status, warningAfter).ageVerdict()).isEqualTo(AgeVerdict.FRESH);
        assertThat(DatasetVerdict.judge(DATASET, requirement, status, warningAfter.plusNanos(1)).severity())
                .isEqualTo(Severity.WARNING);
        assertThat(DatasetVerdict.judge(DATASET, requirement, status, criticalAfter).severity()).isEqualTo(Severity.WARNING);
        assertThat(DatasetVerdict.judge(DATASET, requirement, status, criticalAfter.plusNanos(1)).severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(DatasetVerdict.judge(DATASET, requirement, status, criticalAfter.plusNanos(1)).warningAfter())
                .as("the instants do not depend on when the verdict is made").contains(warningAfter);
    }

    @Test
    void withNoErrorAfterAgeAloneNeverMakesItCritical() {
        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, WITHIN_A_DAY, succeededAgo(Duration.ofDays(30), 5), NOW);

        assertThat(verdict.warningAfter()).contains(NOW.minus(Duration.ofDays(29)));
        assertThat(verdict.criticalAfter()).isEmpty();
        assertThat(verdict.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void neverSucceededHasNeitherInstantItIsCriticalAlready() {
        Requirement requirement = WITHIN_A_DAY.errorAfter(Duration.ofDays(2));
        DatasetVerdict never = DatasetVerdict.judge(DATASET, requirement, DatasetStatus.empty(SCOPE, ORDERS), NOW);
        DatasetVerdict onlyEmptyRefreshes = DatasetVerdict.judge(DATASET, requirement.ignoringEmptyRefreshes(),
                succeededAgo(Duration.ofHours(1), 0), NOW);

        assertThat(never.warningAfter()).isEmpty();
        assertThat(never.criticalAfter()).isEmpty();
        assertThat(never.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(onlyEmptyRefreshes.warningAfter()).isEmpty();
        assertThat(onlyEmptyRefreshes.criticalAfter()).isEmpty();
    }

    @Test
    void theInstantsCountFromTheLastRefreshWithRecordsWhenEmptyRefreshesAreIgnored() {
        Requirement requirement = WITHIN_A_DAY.errorAfter(Duration.ofDays(2)).ignoringEmptyRefreshes();
        DatasetStatus.Success withRecords = new DatasetStatus.Success(RunId.of("r0"), NOW.minus(Duration.ofDays(3)), 7);

        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, requirement, succeededAgo(Duration.ofHours(1), 0), withRecords, NOW);

        assertThat(verdict.warningAfter()).contains(withRecords.at().plus(Duration.ofDays(1)));
        assertThat(verdict.criticalAfter()).contains(withRecords.at().plus(Duration.ofDays(2)));
        assertThat(verdict.emptyRefreshIgnored()).isTrue();
    }

    @Test
    void limitsBeyondTheEndOfTimeEndAtInstantMax() {
        Requirement forever = Requirement.of("orders", Duration.ofSeconds(Long.MAX_VALUE))
                .errorAfter(Duration.ofSeconds(Long.MAX_VALUE));

        DatasetVerdict verdict = DatasetVerdict.judge(DATASET, forever, succeededAgo(Duration.ofDays(1), 5), NOW);

        assertThat(verdict.warningAfter()).contains(Instant.MAX);
        assertThat(verdict.criticalAfter()).contains(Instant.MAX);
        assertThat(verdict.ageVerdict()).isEqualTo(AgeVerdict.FRESH);
    }

    @Test
    void rejectsPartsOfDifferentDatasets() {
        DatasetStatus orders = succeededAgo(Duration.ofHours(1), 1);

        assertThatThrownBy(() -> DatasetVerdict.judge(DatasetDefinition.of("prices", "Prices"), WITHIN_A_DAY, orders, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset prices, requirement on orders and status of orders must name the same dataset");
        assertThatThrownBy(() -> DatasetVerdict.judge(DATASET, WITHIN_A_DAY, orders, succeededAgo(Duration.ofDays(2), 0)
                        .lastSuccess().orElseThrow(), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastRefreshWithRecords must have affected records");
        assertThatThrownBy(() -> DatasetVerdict.judge(DATASET, WITHIN_A_DAY, orders, null))
                .isInstanceOf(NullPointerException.class).hasMessage("now must not be null");
    }

    @Test
    void aReportIsAsBadAsItsWorstVerdict() {
        PageDefinition page = new PageDefinition("dashboard", "Dashboard", List.of(WITHIN_A_DAY));
        DatasetVerdict stale = DatasetVerdict.judge(DATASET, WITHIN_A_DAY, succeededAgo(Duration.ofDays(2), 1), NOW);
        DatasetVerdict never = DatasetVerdict.judge(DATASET, WITHIN_A_DAY, DatasetStatus.empty(SCOPE, ORDERS), NOW);

        assertThat(FreshnessReport.of(SCOPE, page, NOW, List.of()).severity()).isEqualTo(Severity.OK);
        assertThat(FreshnessReport.of(SCOPE, page, NOW, List.of(stale)).severity()).isEqualTo(Severity.WARNING);
        assertThat(FreshnessReport.of(SCOPE, page, NOW, List.of(stale, never)).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.WARNING.worst(Severity.OK)).isEqualTo(Severity.WARNING);
        assertThat(Severity.CRITICAL.isAtLeast(Severity.WARNING)).isTrue();
        assertThat(Severity.OK.isAtLeast(Severity.WARNING)).isFalse();
    }

    @Test
    void aCursorPointsPastWorseSeveritiesAndEarlierKeys() {
        StaleScopesPage.Cursor cursor = new StaleScopesPage.Cursor(Severity.WARNING, "m");

        assertThat(cursor.isBefore(Severity.WARNING, "n")).isTrue();
        assertThat(cursor.isBefore(Severity.WARNING, "m")).isFalse();
        assertThat(cursor.isBefore(Severity.WARNING, "a")).isFalse();
        assertThat(cursor.isBefore(Severity.CRITICAL, "z")).isFalse();
        assertThat(cursor.isBefore(Severity.OK, "a")).isTrue();
    }
}
