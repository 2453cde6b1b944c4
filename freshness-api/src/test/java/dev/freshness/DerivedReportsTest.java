package dev.freshness;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.track.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports of a page needing a derived dataset: one store read for the page's datasets and all their inputs, the
 * root cause named through two levels of derivation, and cross-scope checks that find a scope whose input is
 * stale, with the cost of today's check.
 */
class DerivedReportsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final DatasetKey META = DatasetKey.of("meta_ads_performance");
    private static final DatasetKey CLASSIFICATIONS = DatasetKey.of("ad_classifications");
    private static final DatasetKey HOOKS = DatasetKey.of("hook_analysis");
    private static final DatasetKey SCORECARD = DatasetKey.of("scorecard");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Meta ads performance")
            .dataset("ad_classifications", "Ad classifications")
            .dataset("hook_analysis", "Hook analysis")
            .dataset("scorecard", "Scorecard")
            .producer("meta_sync", "meta_ads_performance", "ad_classifications")
            .producer("scorecard", "scorecard", "hook_analysis")
            .derived("scorecard", "hook_analysis", "meta_ads_performance")
            .derived("hook_analysis", "ad_classifications")
            .page("scorecard", "Scorecard", Requirement.of("scorecard", Duration.ofHours(48)).errorAfter(Duration.ofDays(7)))
            .build();

    private final ScriptedStore store = new ScriptedStore(false);
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(new MutableClock(NOW)).build();

    private static DatasetStatus succeeded(String tenant, DatasetKey dataset, Duration ago) {
        return DatasetStatus.of(Scope.tenant(tenant), dataset, null,
                new DatasetStatus.Success(RunId.of("run-" + tenant), NOW.minus(ago), 1), null, List.of());
    }

    private void given(String tenant, Duration scorecard, Duration hooks, Duration meta, Duration classifications) {
        store.with(succeeded(tenant, SCORECARD, scorecard)).with(succeeded(tenant, HOOKS, hooks))
                .with(succeeded(tenant, META, meta)).with(succeeded(tenant, CLASSIFICATIONS, classifications));
    }

    @Test
    void aReportReadsThePageDatasetsAndAllTheirInputsInOneStoreCall() {
        given("acme", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofDays(5));

        FreshnessReport report = freshness.report(Scope.tenant("acme"), "scorecard");

        assertThat(store.calls("statuses")).isOne();
        assertThat(store.calls("status") + store.calls("statusesAcrossScopes") + store.calls("history")).isZero();
        assertThat(report.severity()).isEqualTo(Severity.WARNING);
        DatasetVerdict verdict = report.verdicts().get(0);
        assertThat(verdict.inputs()).extracting(input -> input.dataset().key())
                .containsExactly(HOOKS, CLASSIFICATIONS, META);
        assertThat(verdict.limitingInput()).map(input -> input.dataset().key()).contains(CLASSIFICATIONS);
        assertThat(report.banner()).isEqualTo("Scorecard: last refreshed 1 hour ago, from Ad classifications, "
                + "which is 5 days old; expected within 48 hours.");
    }

    @Test
    void anInputWithNoStatusInTheScopeMakesTheDerivedDatasetNeverSucceeded() {
        store.with(succeeded("acme", SCORECARD, Duration.ofHours(1))).with(succeeded("acme", HOOKS, Duration.ofHours(1)))
                .with(succeeded("acme", CLASSIFICATIONS, Duration.ofHours(1)));

        FreshnessReport report = freshness.report(Scope.tenant("acme"), "scorecard");

        assertThat(report.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(report.banner()).isEqualTo("Scorecard: last refreshed 1 hour ago, from Meta ads performance, "
                + "which was never refreshed.");
    }

    @Test
    void theCrossScopeChecksFindAScopeWhoseInputIsStaleAndAgreeWithItsReport() {
        given("a-fresh", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4));
        given("b-stale-input", Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(3), Duration.ofHours(4));
        given("c-expired-deep-input", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofDays(8));
        given("d-stale-itself", Duration.ofDays(3), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4));
        store.with(succeeded("e-input-empty", SCORECARD, Duration.ofHours(1))).with(succeeded("e-input-empty", HOOKS, Duration.ofHours(1)))
                .with(succeeded("e-input-empty", CLASSIFICATIONS, Duration.ofHours(1)))
                .with(DatasetStatus.empty(Scope.tenant("e-input-empty"), META));

        List<FreshnessReport> stale = freshness.staleScopes("scorecard").reports();

        assertThat(stale).extracting(report -> report.scope().key() + " " + report.severity())
                .containsExactly("c-expired-deep-input CRITICAL", "e-input-empty CRITICAL", "b-stale-input WARNING",
                        "d-stale-itself WARNING");
        for (FreshnessReport report : stale) {
            assertThat(report.banner()).isEqualTo(freshness.report(report.scope(), "scorecard").banner());
        }
        assertThat(freshness.isAnyScopeStale("scorecard")).isTrue();
    }

    @Test
    void isAnyScopeStaleStopsAtAStaleInputWithOneCrossScopeQuery() {
        given("a-fresh", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4));
        given("b-stale-input", Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(3), Duration.ofHours(4));

        assertThat(freshness.isAnyScopeStale("scorecard")).isTrue();
        assertThat(store.calls("statusesAcrossScopes")).isOne();
        assertThat(store.calls("statuses")).isZero();
    }

    @Test
    void isAnyScopeStaleIsFalseWhenEveryScopeAndInputIsFresh() {
        given("a-fresh", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(47));
        given("b-fresh", Duration.ofHours(47), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4));

        assertThat(freshness.isAnyScopeStale("scorecard")).isFalse();
        assertThat(freshness.staleScopes("scorecard").reports()).isEmpty();
    }
}
