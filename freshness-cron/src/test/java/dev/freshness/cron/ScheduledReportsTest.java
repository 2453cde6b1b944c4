package dev.freshness.cron;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.spi.FreshnessStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled requirements through the whole library: reports and banners computed at read time from the stored
 * statuses, and cross-scope checks that find the same scopes as the per-scope reports.
 */
class ScheduledReportsTest {

    private static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Meta ads performance")
            .dataset("ad_classifications", "Ad classifications")
            .producer("meta_sync", "meta_ads_performance", "ad_classifications")
            .page("ad_performance", "Ad performance",
                    Requirement.dueBy("meta_ads_performance", CronSchedule.unix("0 6 * * MON-FRI")
                            .inZone("Europe/Berlin").withGrace(Duration.ofHours(1))),
                    Requirement.of("ad_classifications", Duration.ofDays(7)))
            .build();

    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-27T05:12:00Z")); // Friday 06:12 Berlin
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();

    private void refresh(String tenant) {
        freshness.track(Scope.tenant(tenant), "meta_ads_performance").run(context -> context.recordsAffected(10));
        freshness.track(Scope.tenant(tenant), "ad_classifications").run(context -> context.recordsAffected(10));
    }

    @Test
    void aReportSaysTheMissedDeadlineAndTheCrossScopeCheckFindsTheSameScopes() {
        refresh("acme");
        refresh("globex");
        clock.set(Instant.parse("2026-11-30T05:30:00Z")); // Monday 06:30 Berlin: Monday's deadline is 07:00
        refresh("globex");

        assertThat(freshness.report(Scope.tenant("acme"), "ad_performance").severity()).isEqualTo(Severity.OK);
        assertThat(freshness.isAnyScopeStale("ad_performance")).isFalse();

        clock.set(Instant.parse("2026-11-30T08:00:00Z")); // Monday 09:00 Berlin
        FreshnessReport acme = freshness.report(Scope.tenant("acme"), "ad_performance");
        FreshnessReport globex = freshness.report(Scope.tenant("globex"), "ad_performance");

        assertThat(acme.severity()).isEqualTo(Severity.WARNING);
        assertThat(acme.banner()).isEqualTo("Meta ads performance: due by 07:00 Europe/Berlin on weekdays;"
                + " last refreshed Friday 06:12; missed Monday's 07:00.");
        assertThat(globex.severity()).isEqualTo(Severity.OK);
        assertThat(freshness.isAnyScopeStale("ad_performance")).isTrue();
        assertThat(freshness.staleScopes("ad_performance").reports()).extracting(FreshnessReport::scope)
                .containsExactly(Scope.tenant("acme"));

        clock.set(Instant.parse("2026-12-01T06:00:00Z")); // Tuesday 07:00 Berlin: acme missed two, globex one
        assertThat(freshness.staleScopes("ad_performance").reports())
                .extracting(report -> report.scope().key() + " " + report.severity())
                .containsExactly("acme CRITICAL", "globex WARNING");
        assertThat(freshness.report(Scope.tenant("acme"), "ad_performance").banner())
                .isEqualTo("Meta ads performance: due by 07:00 Europe/Berlin on weekdays; last refreshed Friday 06:12;"
                        + " missed Monday's 07:00 and every deadline since.");
    }

    @Test
    void aReportIsOneStoreReadAndItsVerdictsSayWhenTheyTurnWorse() {
        refresh("acme");
        List<String> reads = new ArrayList<>();
        FreshnessStore counting = (FreshnessStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FreshnessStore.class}, (proxy, method, arguments) -> {
                    reads.add(method.getName());
                    try {
                        return method.invoke(store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DatasetFreshness reading = DatasetFreshness.using(counting, CATALOG).withClock(clock).build();
        reads.clear(); // what the store can do, asked once when built
        FreshnessReport report = reading.report(Scope.tenant("acme"), "ad_performance");

        assertThat(reads).containsExactly("statuses");

        // Friday 06:12: Monday's 07:00 is the next deadline, Tuesday's the second.
        assertThat(report.verdicts().get(0).warningAfter()).contains(Instant.parse("2026-11-30T06:00:00Z").minusNanos(1));
        assertThat(report.verdicts().get(0).criticalAfter()).contains(Instant.parse("2026-12-01T06:00:00Z").minusNanos(1));
        assertThat(report.verdicts()).extracting(verdict -> verdict.requirement().isScheduled())
                .isEqualTo(List.of(true, false));
    }
}
