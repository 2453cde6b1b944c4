package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.acceptance.reference.ReferenceJobs;
import dev.freshness.acceptance.reference.ReferenceJobs.QueueItem;
import dev.freshness.acceptance.reference.ReferenceSystem;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.AgeVerdict;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The cross-scope defect, fixed: a scope that never ran one of a page's datasets used to be invisible to the
 * cross-scope check, though its own report of the page was critical. Now, for every scope that has any status
 * for a page's datasets, the check lists exactly what the scope's own report says.
 */
class CrossScopeDefectTest {

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final String PAGE = "congruence_insights";
    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final Scope INITECH = Scope.tenant("initech");
    private static final Scope UMBRELLA = Scope.tenant("umbrella");

    private final SettableClock clock = SettableClock.at(T0);
    private final DatasetFreshness freshness = DatasetFreshness
            .using(new InMemoryFreshnessStore(), ReferenceSystem.catalogOfTheTrackedJobs()).withClock(clock).build();
    private final ReferenceJobs jobs = new ReferenceJobs(freshness);

    @AfterEach
    void close() {
        freshness.close();
    }

    /** Every job of the reference system for one tenant, through the wrapper. */
    private void runEveryJob(Scope brand) throws IOException {
        String tenant = brand.tenantId().orElseThrow();
        jobs.metaSync(brand, RunId.of("meta_sync#" + tenant), false);
        jobs.adCreation("p-" + tenant);
        jobs.scorecard(brand);
        jobs.templateScrape(brand, () -> CompletableFuture.completedFuture(11)).join();
        jobs.congruenceReanalysis(brand, Optional.of(tenant));
        jobs.adClassification(brand, RunId.of("classify#" + tenant));
        jobs.assetDownload(brand, 2, 5);
    }

    @Test
    void everyTenantWithAStatusOfCongruenceInsightsIsListedAsItsOwnReportSaysIt() throws IOException {
        runEveryJob(GLOBEX);
        clock.advance(Duration.ofDays(3));
        runEveryJob(ACME);
        jobs.adClassification(UMBRELLA, RunId.of("classify#umbrella"));     // the second producer only
        jobs.scorecard(INITECH);                                            // nothing congruence_insights needs
        jobs.templateScrape(INITECH, () -> CompletableFuture.completedFuture(4)).join();
        jobs.templateApproval(RunId.of("approval#1"), List.of(new QueueItem("acme", "t1"),
                new QueueItem("initech", "t2")));
        clock.advance(Duration.ofHours(1));

        // Nobody produces landing_pages: every tenant's report is critical.
        for (Scope tenant : List.of(ACME, GLOBEX, INITECH, UMBRELLA)) {
            assertThat(freshness.report(tenant, PAGE).severity()).as("%s", tenant).isEqualTo(Severity.CRITICAL);
        }

        StaleScopesPage stale = freshness.staleScopes(PAGE);

        // Every tenant with a status of ad_classifications or landing_pages; initech has none, so only the
        // expected-tenants check can see it.
        assertThat(stale.reports()).extracting(FreshnessReport::scope).containsExactly(ACME, GLOBEX, UMBRELLA);
        assertThat(stale.nextPage()).isEmpty();
        for (FreshnessReport listed : stale.reports()) {
            assertSameJudgement(listed, freshness.report(listed.scope(), PAGE));
        }
        assertThat(stale.reports()).extracting(report -> report.scope().key(),
                        report -> report.verdicts().stream().map(DatasetVerdict::ageVerdict).toList())
                .containsExactly(
                        tuple("acme", List.of(AgeVerdict.FRESH, AgeVerdict.NEVER_SUCCEEDED)),
                        tuple("globex", List.of(AgeVerdict.STALE, AgeVerdict.NEVER_SUCCEEDED)),
                        tuple("umbrella", List.of(AgeVerdict.FRESH, AgeVerdict.NEVER_SUCCEEDED)));
        assertThat(stale.reports().get(0).banner()).isEqualTo("Landing pages: never refreshed.");
        assertThat(freshness.isAnyScopeStale(PAGE)).isTrue();
        assertThat(freshness.tenantsNeverSucceeded(PAGE, List.of("acme", "globex", "initech", "umbrella")))
                .containsExactly("acme", "globex", "initech", "umbrella");
        // The page that needs ad classifications alone sees only globex's, 73 hours old.
        assertThat(freshness.staleScopes("hook_analysis").reports()).extracting(FreshnessReport::scope, FreshnessReport::severity)
                .containsExactly(tuple(GLOBEX, Severity.WARNING));
    }

    private static final Catalog BILLING = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("invoices", "Invoices")
            .page("billing", "Billing", Requirement.of("orders", Duration.ofHours(24)),
                    Requirement.of("invoices", Duration.ofHours(24)))
            .build();

    @Test
    void aTenantWithAFreshDatasetAndNothingOfTheOtherIsCriticalAndListed() {
        try (DatasetFreshness billing = DatasetFreshness.using(new InMemoryFreshnessStore(), BILLING)
                .withClock(clock).build()) {
            billing.track(GLOBEX, "orders").call(() -> 12);
            billing.track(ACME, "orders").call(() -> 3);
            billing.track(ACME, "invoices").call(() -> 3);
            clock.advance(Duration.ofHours(1));

            FreshnessReport report = billing.report(GLOBEX, "billing");
            assertThat(report.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(report.verdicts()).extracting(DatasetVerdict::ageVerdict)
                    .containsExactly(AgeVerdict.FRESH, AgeVerdict.NEVER_SUCCEEDED);

            StaleScopesPage stale = billing.staleScopes("billing");
            assertThat(stale.reports()).extracting(FreshnessReport::scope).containsExactly(GLOBEX);
            assertSameJudgement(stale.reports().get(0), report);
            assertThat(billing.isAnyScopeStale("billing")).isTrue();
        }
    }

    @Test
    void aStoreClearedBetweenTestsStillShowsTheTenantMissingADataset() {
        InMemoryFreshnessStore store = new InMemoryFreshnessStore();
        try (DatasetFreshness billing = DatasetFreshness.using(store, BILLING).withClock(clock).build()) {
            billing.track(GLOBEX, "orders").call(() -> 12);
            assertThat(billing.staleScopes("billing").reports()).extracting(FreshnessReport::scope).containsExactly(GLOBEX);

            store.clear();                                     // as a test suite sharing the instance does between tests
            billing.track(GLOBEX, "orders").call(() -> 12);

            assertThat(billing.report(GLOBEX, "billing").severity()).isEqualTo(Severity.CRITICAL);
            assertThat(billing.staleScopes("billing").reports()).extracting(FreshnessReport::scope).containsExactly(GLOBEX);
        }
    }

    /** The same scope, page, instant, severity, verdicts (each on the same status) and banner. */
    private static void assertSameJudgement(FreshnessReport listed, FreshnessReport own) {
        assertThat(listed.scope()).isEqualTo(own.scope());
        assertThat(listed.page()).isEqualTo(own.page());
        assertThat(listed.at()).isEqualTo(own.at());
        assertThat(listed.severity()).as("severity of %s", own.scope()).isEqualTo(own.severity());
        assertThat(listed.verdicts()).extracting(verdict -> verdict.dataset().key(), DatasetVerdict::ageVerdict,
                        DatasetVerdict::status, DatasetVerdict::runState)
                .as("verdicts of %s", own.scope())
                .containsExactlyElementsOf(own.verdicts().stream().map(verdict -> tuple(verdict.dataset().key(),
                        verdict.ageVerdict(), verdict.status(), verdict.runState())).toList());
        assertThat(listed.banner()).isEqualTo(own.banner());
    }
}
