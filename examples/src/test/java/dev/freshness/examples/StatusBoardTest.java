package dev.freshness.examples;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.cron.CronSchedule;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The board both renderings read: what a cell holds, and how a rule's max age is said. */
class StatusBoardTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-09T09:00:00Z"));
    private final DatasetFreshness freshness = DatasetFreshness.using(new InMemoryFreshnessStore(), Catalog.builder()
                    .dataset("exports", "Exports", Duration.ofHours(1))
                    .dataset("ad_classifications", "Ad classifications")
                    .producer("export", "exports")
                    .producer("ad_classification", "ad_classifications")
                    .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofMinutes(90)))
                    .build())
            .withClock(clock)
            .build();

    @AfterEach
    void close() {
        freshness.close();
    }

    private StatusBoard.Cell cell(Scope scope, String dataset) {
        StatusBoard board = StatusBoard.read(freshness, List.of("acme", "globex"), List.of());
        return board.cells().get(scope).stream().filter(cell -> cell.dataset().key().value().equals(dataset))
                .findFirst().orElseThrow();
    }

    @Test
    void aDatasetNoPageNeedsHasNoVerdictYetItsFailingAndAbandonedRunsShow() {
        freshness.records().recordStart(ACME, "exports", RunId.of("run-1"));
        freshness.records().recordSuccess(ACME, "exports", RunId.of("run-1"), 3);
        clock.advance(Duration.ofHours(1));
        freshness.records().recordStart(ACME, "exports", RunId.of("run-2"));
        freshness.records().recordFailure(ACME, "exports", RunId.of("run-2"),
                JobError.of("IOException", "disk full", null));
        clock.advance(Duration.ofMinutes(1));
        freshness.records().recordStart(ACME, "exports", RunId.of("run-3")); // its process dies
        clock.advance(Duration.ofHours(2));

        StatusBoard.Cell cell = cell(ACME, "exports");

        assertThat(cell.rule()).isEmpty();
        assertThat(cell.verdict()).isEmpty();
        assertThat(cell.ageVerdict()).isEmpty();
        assertThat(cell.sentence()).isEmpty();
        assertThat(cell.label()).isEqualTo("3h 1m ago");
        assertThat(cell.flags()).containsExactly("failing", "abandoned");
        assertThat(cell.lastError()).contains("IOException: disk full");
        assertThat(cell.summary()).isEqualTo("3h 1m ago, failing, abandoned");
    }

    @Test
    void aDatasetNoPageNeedsShowsARunRefreshingIt() {
        freshness.records().recordStart(GLOBEX, "exports", RunId.of("run-1"));
        clock.advance(Duration.ofMinutes(20));

        StatusBoard.Cell cell = cell(GLOBEX, "exports");

        assertThat(cell.verdict()).isEmpty();
        assertThat(cell.label()).isEqualTo("never succeeded");
        assertThat(cell.flags()).containsExactly("refreshing");
        assertThat(cell.runState().refreshing()).isPresent();
    }

    @Test
    void aDatasetAPageNeedsIsJudgedAgainstItsRule() {
        freshness.records().recordStart(ACME, "ad_classifications", RunId.of("run-1"));
        freshness.records().recordSuccess(ACME, "ad_classifications", RunId.of("run-1"), 12);
        clock.advance(Duration.ofHours(2));

        StatusBoard.Cell cell = cell(ACME, "ad_classifications");

        assertThat(cell.ageVerdict()).contains(AgeVerdict.STALE);
        assertThat(cell.label()).isEqualTo("stale 2h");
        assertThat(cell.flags()).isEmpty();
        assertThat(cell.sentence()).contains(
                "Ad classifications: last refreshed 2 hours ago, expected within 1 hour 30 minutes.");
        assertThat(TextReport.columnName(cell.scope())).isEqualTo("acme");
    }

    @Test
    void theMaxAgeOfARuleIsInHoursWithTheMinutesOfOneThatIsNotAWholeNumberOfHours() {
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofHours(24)).errorAfter(Duration.ofHours(72))))
                .isEqualTo("24h/72h");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofDays(7)))).isEqualTo("168h");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofMinutes(30)))).isEqualTo("30m");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofMinutes(90)))).isEqualTo("1h 30m");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofMinutes(90)).errorAfter(Duration.ofMinutes(150))))
                .isEqualTo("1h 30m/2h 30m");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofSeconds(90)))).isEqualTo("1m 30s");
        assertThat(StatusBoard.maxAge(Requirement.of("a", Duration.ofMillis(500)))).isEqualTo("500ms");
    }

    @Test
    void aRuleOnAScheduleShowsItsDeadlinesAndIsTheCellsRuleWhenNoPageLimitsTheAge() {
        CronSchedule mornings = CronSchedule.unix("0 7 * * *").inZone("Europe/Berlin").withGrace(Duration.ofMinutes(30));
        assertThat(StatusBoard.maxAge(Requirement.dueBy("a", mornings))).isEqualTo("due by 07:30 Europe/Berlin every day");

        SettableClock at = SettableClock.at(Instant.parse("2026-03-09T09:00:00Z"));
        try (DatasetFreshness scheduled = DatasetFreshness.using(new InMemoryFreshnessStore(), Catalog.builder()
                        .dataset("ad_assets", "Ad assets")
                        .producer("asset_download", "ad_assets")
                        .page("asset_library", "Asset library", Requirement.dueBy("ad_assets", mornings))
                        .page("asset_audit", "Asset audit", Requirement.of("ad_assets", Duration.ofDays(3)))
                        .build())
                .withClock(at)
                .build()) {
            scheduled.records().recordStart(ACME, "ad_assets", RunId.of("run-1"));
            scheduled.records().recordSuccess(ACME, "ad_assets", RunId.of("run-1"), 4);
            StatusBoard board = StatusBoard.read(scheduled, List.of("acme"), List.of());
            StatusBoard.Cell cell = board.cells().get(ACME).get(0);

            assertThat(cell.rule()).as("the age rule, which can be compared").contains(
                    Requirement.of("ad_assets", Duration.ofDays(3)));
            assertThat(cell.ageVerdict()).contains(AgeVerdict.FRESH);
        }
        try (DatasetFreshness scheduledOnly = DatasetFreshness.using(new InMemoryFreshnessStore(), Catalog.builder()
                        .dataset("ad_assets", "Ad assets")
                        .page("asset_library", "Asset library", Requirement.dueBy("ad_assets", mornings))
                        .build())
                .withClock(at)
                .build()) {
            StatusBoard.Cell cell = StatusBoard.read(scheduledOnly, List.of("acme"), List.of()).cells().get(ACME).get(0);

            assertThat(cell.rule()).contains(Requirement.dueBy("ad_assets", mornings));
            assertThat(cell.ageVerdict()).contains(AgeVerdict.NEVER_SUCCEEDED);
        }
    }
}
