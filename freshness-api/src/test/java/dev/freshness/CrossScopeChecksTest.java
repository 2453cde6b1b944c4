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
import dev.freshness.report.StaleScopesPage;
import dev.freshness.track.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks of a page with no scope selector, for a page of two datasets: they find the scopes where either is
 * stale (or missing, as an empty status created beside its companion), complete each scope's other dataset with
 * one multi-scope {@code statuses} read per group of scopes, and agree with the per-scope report.
 */
class CrossScopeChecksTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final DatasetKey CUSTOMERS = DatasetKey.of("customers");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("customers", "Customers")
            .producer("sync", "orders", "customers")
            .page("crm", "CRM", Requirement.of("orders", Duration.ofHours(24)).errorAfter(Duration.ofDays(3)),
                    Requirement.of("customers", Duration.ofHours(48)))
            .build();

    private final ScriptedStore store = new ScriptedStore(false);
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(new MutableClock(NOW)).build();

    private static DatasetStatus succeeded(String tenant, DatasetKey dataset, Duration ago) {
        return DatasetStatus.of(Scope.tenant(tenant), dataset, null,
                new DatasetStatus.Success(RunId.of("run-" + tenant), NOW.minus(ago), 1), null, List.of());
    }

    private void givenFiveTenants() {
        store.with(succeeded("a-expired", ORDERS, Duration.ofDays(4))).with(succeeded("a-expired", CUSTOMERS, Duration.ofHours(1)))
                .with(succeeded("b-stale", ORDERS, Duration.ofHours(1))).with(succeeded("b-stale", CUSTOMERS, Duration.ofHours(50)))
                .with(succeeded("c-fresh", ORDERS, Duration.ofHours(1))).with(succeeded("c-fresh", CUSTOMERS, Duration.ofHours(30)))
                // Customers never ran for d: its empty status was created when orders first ran.
                .with(succeeded("d-missing", ORDERS, Duration.ofHours(1))).with(DatasetStatus.empty(Scope.tenant("d-missing"), CUSTOMERS))
                .with(succeeded("e-stale", ORDERS, Duration.ofHours(30))).with(succeeded("e-stale", CUSTOMERS, Duration.ofHours(2)));
    }

    @Test
    void aRequirementOfForeverCanNeverBeStaleByAgeAndBreaksNothing() {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        Catalog patient = Catalog.builder().dataset("orders", "Orders").producer("sync", "orders")
                .page("archive", "Archive", Requirement.of("orders", forever).errorAfter(forever)).build();
        store.with(succeeded("old", ORDERS, Duration.ofDays(20_000))).with(DatasetStatus.empty(Scope.tenant("never"), ORDERS));
        DatasetFreshness archive = DatasetFreshness.using(store, patient).withClock(new MutableClock(NOW)).build();

        assertThat(archive.staleScopes("archive").reports()).extracting(report -> report.scope().key() + " " + report.severity())
                .containsExactly("never CRITICAL");
        assertThat(archive.isAnyScopeStale("archive")).isTrue();
        assertThat(archive.report(Scope.tenant("old"), "archive").isFresh()).isTrue();
        assertThat(archive.report(Scope.tenant("old"), "archive").verdicts().get(0).warningAfter()).contains(Instant.MAX);
        assertThat(archive.records().pruneHistoryOlderThan(forever)).isZero();
    }

    @Test
    void staleScopesAreWorstFirstThenByScopeKeyEachWithTheSameReportAsTheScopeAlone() {
        givenFiveTenants();

        StaleScopesPage page = freshness.staleScopes("crm");

        assertThat(page.reports()).extracting(report -> report.scope().key() + " " + report.severity())
                .containsExactly("a-expired CRITICAL", "d-missing CRITICAL", "b-stale WARNING", "e-stale WARNING");
        assertThat(page.nextPage()).isEmpty();
        for (FreshnessReport report : page.reports()) {
            FreshnessReport alone = freshness.report(report.scope(), "crm");
            assertThat(report.verdicts()).extracting(DatasetVerdict::ageVerdict)
                    .containsExactlyElementsOf(alone.verdicts().stream().map(DatasetVerdict::ageVerdict).toList());
            assertThat(report.banner()).isEqualTo(alone.banner());
        }
    }

    @Test
    void theOtherDatasetOfTheScopesFoundIsReadWithOneCallPerGroupOfScopes() {
        givenFiveTenants();

        freshness.staleScopes("crm");

        // The cross-scope read finds orders of a and e, customers of b, c and d (c's are older than the shortest
        // warnAfter, though fresh for theirs). a and e then miss customers, b, c and d miss orders: two multi-scope
        // reads, not one per scope.
        assertThat(store.calls("statuses")).isEqualTo(2);
        assertThat(store.calls("status")).isZero();
    }

    @Test
    void pagesFollowTheCursor() {
        givenFiveTenants();

        StaleScopesPage first = freshness.staleScopes("crm", null, 3);
        StaleScopesPage second = freshness.staleScopes("crm", first.nextPage().orElseThrow(), 3);

        assertThat(first.reports()).extracting(report -> report.scope().key()).containsExactly("a-expired", "d-missing", "b-stale");
        assertThat(first.nextPage()).contains(new StaleScopesPage.Cursor(Severity.WARNING, "b-stale"));
        assertThat(second.reports()).extracting(report -> report.scope().key()).containsExactly("e-stale");
        assertThat(second.nextPage()).isEmpty();
    }

    @Test
    void isAnyScopeStaleSeesAStaleDatasetAndAMissingOne() {
        store.with(succeeded("fresh", ORDERS, Duration.ofHours(1))).with(succeeded("fresh", CUSTOMERS, Duration.ofHours(1)));
        assertThat(freshness.isAnyScopeStale("crm")).isFalse();

        store.with(succeeded("missing", ORDERS, Duration.ofHours(1))).with(DatasetStatus.empty(Scope.tenant("missing"), CUSTOMERS));
        assertThat(freshness.isAnyScopeStale("crm")).isTrue();
    }

    @Test
    void tenantsNeverSucceededNamesTheExpectedTenantsMissingAnyDatasetInTheOrderGiven() {
        givenFiveTenants();

        assertThat(freshness.tenantsNeverSucceeded("crm", List.of("z-unknown", "c-fresh", "d-missing", "a-expired")))
                .containsExactly("z-unknown", "d-missing");
        assertThat(freshness.tenantsNeverSucceeded("crm", List.of())).isEmpty();
    }
}
