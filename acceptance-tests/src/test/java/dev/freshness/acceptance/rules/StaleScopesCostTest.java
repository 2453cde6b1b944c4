package dev.freshness.acceptance.rules;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the cross-scope check of a page of two datasets costs at 1,000 tenants of which 10 never refreshed the
 * second dataset: the store calls and the statuses read follow the 10 stale tenants, not the 1,000.
 */
class StaleScopesCostTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final int TENANTS = 1000;
    private static final int STALE = 10;
    /** Each stale tenant has two statuses of the page's datasets at most: this many rows is "the stale ones". */
    private static final int ROWS_OF_THE_STALE = 2 * STALE;

    private final SettableClock clock = SettableClock.at(NOW.minus(Duration.ofHours(1)));
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final Catalog catalog = Catalog.builder()
            .dataset("orders", "Orders")
            .dataset("invoices", "Invoices")
            .page("billing", "Billing", Requirement.of("orders", Duration.ofHours(24)),
                    Requirement.of("invoices", Duration.ofHours(24)))
            .build();
    private final DatasetFreshness freshness = DatasetFreshness.using(store, catalog).withClock(clock).build();
    private final List<String> tenants = IntStream.range(0, TENANTS).mapToObj(i -> String.format("t%04d", i)).toList();
    private final List<String> missingInvoices = IntStream.range(0, TENANTS).filter(StaleScopesCostTest::missesInvoices)
            .mapToObj(tenants::get).toList();

    private static boolean missesInvoices(int tenant) {
        return tenant % (TENANTS / STALE) == 42;
    }

    @BeforeEach
    void everyTenantRefreshedBothDatasetsAnHourAgoButTen() {
        for (int i = 0; i < TENANTS; i++) {
            Scope tenant = Scope.tenant(tenants.get(i));
            freshness.track(tenant, "orders").job("order_sync").call(() -> 25);
            if (!missesInvoices(i)) {
                freshness.track(tenant, "invoices").job("invoicing").call(() -> 7);
            }
        }
        clock.set(NOW);
        store.reset();
    }

    @AfterEach
    void close() {
        freshness.close();
    }

    @Test
    void staleScopesReadsTheStaleTenantsNotAllOfThem() {
        StaleScopesPage page = freshness.staleScopes("billing");

        assertThat(missingInvoices).hasSize(STALE);
        assertThat(page.reports()).extracting(report -> report.scope().key()).containsExactlyElementsOf(missingInvoices);
        assertThat(page.reports()).allSatisfy(report -> {
            assertThat(report.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(report.verdicts()).extracting(DatasetVerdict::ageVerdict)
                    .containsExactly(AgeVerdict.FRESH, AgeVerdict.NEVER_SUCCEEDED);
        });
        assertThat(page.nextPage()).isEmpty();

        assertThat(store.crossScopeQueries()).as("cross-scope calls").hasSizeLessThanOrEqualTo(2);
        assertThat(store.crossScopeStatusesRead()).as("statuses read across scopes").isLessThanOrEqualTo(ROWS_OF_THE_STALE);
        assertThat(store.statusesCalls()).as("statuses calls").isLessThanOrEqualTo(2);
        assertThat(store.statusesRead()).as("statuses read to complete the reports").isLessThanOrEqualTo(ROWS_OF_THE_STALE);
        assertThat(store.statusCalls()).isEqualTo(0);
        assertThat(store.historyCalls()).isEqualTo(0);
    }

    @Test
    void isAnyScopeStaleStopsAtTheFirstStaleStatus() {
        assertThat(freshness.isAnyScopeStale("billing")).isTrue();

        assertThat(store.reads()).isLessThanOrEqualTo(2);
        assertThat(store.crossScopeStatusesRead()).isLessThanOrEqualTo(ROWS_OF_THE_STALE);
    }

    @Test
    void aReportOfTheTenantsListedSaysTheSame() {
        List<FreshnessReport> listed = freshness.staleScopes("billing").reports();

        for (FreshnessReport report : listed) {
            FreshnessReport own = freshness.report(report.scope(), "billing");
            assertThat(report.severity()).isEqualTo(own.severity());
            assertThat(report.banner()).isEqualTo(own.banner()).isEqualTo("Invoices: never refreshed.");
        }
    }
}
