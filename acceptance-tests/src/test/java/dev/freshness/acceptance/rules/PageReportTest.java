package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reports of the reference pages, read through a real store: what they say and what they cost. */
class PageReportTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final Scope INITECH = Scope.tenant("initech");

    private final SettableClock clock = SettableClock.at(NOW);
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final DatasetFreshness freshness = DatasetFreshness.using(store, ReferenceSystem.catalog())
            .withClock(clock).build();

    @AfterEach
    void close() {
        freshness.close();
    }

    private void succeed(Scope scope, String dataset, Duration ago, long records) {
        clock.set(NOW.minus(ago));
        freshness.records().recordSuccess(scope, dataset, RunId.random(), records);
        clock.set(NOW);
    }

    private static List<String> sentences(FreshnessReport report) {
        return report.verdicts().stream().map(DatasetVerdict::sentence).toList();
    }

    @Test
    void readsEveryDatasetOfThePageInOneStoreCallAndTakesTheWorstSeverity() {
        succeed(ACME, "ad_classifications", ofHours(5), 40);
        succeed(ACME, "landing_pages", ofDays(8), 12);
        store.reset();

        FreshnessReport report = freshness.report(ACME, "congruence_insights");

        assertThat(store.statusesCalls()).isEqualTo(1);
        assertThat(store.reads()).isEqualTo(1);
        assertThat(report.severity()).isEqualTo(Severity.WARNING);
        assertThat(report.isFresh()).isFalse();
        assertThat(report.verdicts()).extracting(DatasetVerdict::ageVerdict)
                .containsExactly(AgeVerdict.FRESH, AgeVerdict.STALE);
        assertThat(sentences(report)).containsExactly(
                "Ad classifications: last refreshed 5 hours ago, expected within 48 hours.",
                "Landing pages: last refreshed 8 days ago, expected within 7 days.");
        assertThat(report.banner()).isEqualTo("Landing pages: last refreshed 8 days ago, expected within 7 days.");
        assertThat(report.problems()).extracting(v -> v.dataset().key()).containsExactly(DatasetKey.of("landing_pages"));
        assertThat(report.verdict(DatasetKey.of("ad_classifications")).orElseThrow().age()).contains(ofHours(5));
    }

    @Test
    void aPageThatNeedsNothingIsFreshAndReadsNothing() {
        FreshnessReport report = freshness.report(ACME, "template_evaluation");

        assertThat(report.severity()).isEqualTo(Severity.OK);
        assertThat(report.verdicts()).isEmpty();
        assertThat(report.banner()).isEmpty();
        assertThat(store.reads()).isZero();
        assertThat(freshness.staleScopes("template_evaluation").reports()).isEmpty();
        assertThat(freshness.isAnyScopeStale("template_evaluation")).isFalse();
    }

    @Test
    void readsHistoryOnlyWhenAnEmptyRefreshMustBeLookedPast() {
        Catalog catalog = Catalog.builder().dataset("ad_assets", "Ad assets")
                .page("assets", "Assets", Requirement.of("ad_assets", ofHours(24)).ignoringEmptyRefreshes()).build();
        try (DatasetFreshness strict = DatasetFreshness.using(store, catalog).withClock(clock).build()) {
            succeed(ACME, "ad_assets", ofHours(30), 8);
            succeed(GLOBEX, "ad_assets", ofHours(30), 8);
            succeed(GLOBEX, "ad_assets", ofHours(2), 0);
            store.reset();

            FreshnessReport acme = strict.report(ACME, "assets");
            assertThat(store.historyCalls()).isEqualTo(0);
            FreshnessReport globex = strict.report(GLOBEX, "assets");
            assertThat(store.historyCalls()).isEqualTo(1);

            assertThat(acme.banner()).isEqualTo("Ad assets: last refreshed 30 hours ago, expected within 24 hours.");
            assertThat(globex.banner()).isEqualTo("Ad assets: last refreshed with records 30 hours ago, expected within"
                    + " 24 hours. The latest refresh, 2 hours ago, affected no records.");
            // Across scopes, a recent empty refresh must not hide a stale scope: those datasets are read unfiltered.
            assertThat(strict.staleScopes("assets").reports()).extracting(FreshnessReport::scope).containsExactly(ACME, GLOBEX);
            assertThat(store.crossScopeQueries().get(store.crossScopeQueries().size() - 1).lastSucceededBefore()).isNull();
        }
    }

    @Test
    void completesTheReportOfEachStaleScopeAcrossSeveralDatasets() {
        succeed(ACME, "ad_classifications", ofHours(50), 40);      // stale; no landing pages ever: critical
        succeed(GLOBEX, "ad_classifications", ofHours(5), 40);     // fresh
        succeed(GLOBEX, "landing_pages", ofDays(8), 9);             // stale: warning
        succeed(INITECH, "ad_classifications", ofHours(5), 40);    // all fresh
        succeed(INITECH, "landing_pages", ofDays(2), 9);
        store.reset();

        StaleScopesPage page = freshness.staleScopes("congruence_insights", null, 10);

        assertThat(page.reports()).extracting(FreshnessReport::scope).containsExactly(ACME, GLOBEX);
        assertThat(page.reports()).extracting(FreshnessReport::severity).containsExactly(Severity.CRITICAL, Severity.WARNING);
        assertThat(page.reports().get(0).banner()).isEqualTo("Ad classifications: last refreshed 50 hours ago, expected"
                + " within 48 hours. Landing pages: never refreshed.");
        assertThat(sentences(page.reports().get(1))).containsExactly(
                "Ad classifications: last refreshed 5 hours ago, expected within 48 hours.",
                "Landing pages: last refreshed 8 days ago, expected within 7 days.");
        assertThat(page.nextPage()).isEmpty();
        assertThat(store.crossScopeQueries()).hasSize(1);
        assertThat(store.crossScopeQueries().get(0).lastSucceededBefore()).isEqualTo(NOW.minus(ofHours(48)));
    }

    @Test
    void seesAScopeStaleOnlyThroughADatasetItNeverRan() {
        succeed(ACME, "landing_pages", ofHours(100), 9);           // fresh for 7 days, but no ad classifications
        succeed(GLOBEX, "scorecard", ofHours(1), 9);                // nothing any page needs

        assertThat(freshness.isAnyScopeStale("congruence_insights")).isTrue();
        // Recording landing pages made acme's (empty) ad classifications exist, since congruence_insights needs
        // both: hook_analysis then sees acme too, agreeing with acme's own report of it.
        assertThat(freshness.report(ACME, "hook_analysis").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(freshness.staleScopes("hook_analysis").reports()).extracting(FreshnessReport::scope)
                .containsExactly(ACME);
        assertThat(freshness.isAnyScopeStale("hook_analysis")).isTrue();
        // No scope has any status of meta_ads_performance: globex's critical report of it is invisible here.
        assertThat(freshness.report(GLOBEX, "ad_performance").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(freshness.isAnyScopeStale("ad_performance")).isFalse();
    }

    @Test
    void aFailureBesideAFreshAgeDoesNotRaiseTheSeverity() {
        succeed(ACME, "ad_classifications", ofHours(3), 40);
        clock.set(NOW.minus(ofHours(1)));
        freshness.records().recordFailure(ACME, "ad_classifications", RunId.of("run-7"),
                JobError.of(new IllegalStateException("quota")));
        clock.set(NOW);

        FreshnessReport report = freshness.report(ACME, "hook_analysis");

        assertThat(report.severity()).isEqualTo(Severity.OK);
        assertThat(report.verdicts().get(0).runState().failing())
                .hasValueSatisfying(f -> assertThat(f.runId()).isEqualTo(RunId.of("run-7")));
        assertThat(sentences(report)).containsExactly("Ad classifications: last refreshed 3 hours ago, expected within"
                + " 48 hours. The latest refresh failed 1 hour ago: IllegalStateException: quota.");
        assertThat(freshness.isAnyScopeStale("hook_analysis")).isFalse();
    }

    @Test
    void saysWhatIsMissingWhenAskedWrong() {
        assertThatThrownBy(() -> DatasetFreshness.using(store, null))
                .isInstanceOf(NullPointerException.class).hasMessage("catalog must not be null");
        assertThatThrownBy(() -> DatasetFreshness.using(null, ReferenceSystem.catalog()))
                .isInstanceOf(NullPointerException.class).hasMessage("store must not be null");
        assertThatThrownBy(() -> freshness.report(ACME, "hook_analisys"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pageKey 'hook_analisys' is not a page of the catalog; its pages are [ad_performance,");
        assertThatThrownBy(() -> freshness.report(null, "hook_analysis"))
                .isInstanceOf(NullPointerException.class).hasMessage("scope must not be null");
        assertThatThrownBy(() -> freshness.staleScopes("hook_analysis", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be > 0, was 0");
        assertThatThrownBy(() -> freshness.tenantsNeverSucceeded("hook_analisys", List.of("acme")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pageKey 'hook_analisys' is not a page of the catalog");
        assertThat(store.reads()).as("nothing asked wrong reaches the store").isZero();
    }
}
