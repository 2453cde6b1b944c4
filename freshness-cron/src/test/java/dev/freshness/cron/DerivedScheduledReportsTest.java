package dev.freshness.cron;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A derived dataset due by a schedule: its deadlines are judged from its stalest input's last success, its
 * sentence names that input, and the cross-scope check finds the scope whose input missed the deadline.
 */
class DerivedScheduledReportsTest {

    private static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Meta ads performance")
            .dataset("scorecard", "Scorecard")
            .producer("meta_sync", "meta_ads_performance")
            .producer("scorecard", "scorecard")
            .derived("scorecard", "meta_ads_performance")
            .page("scorecard", "Scorecard", Requirement.dueBy("scorecard", CronSchedule.unix("0 6 * * MON-FRI")
                    .inZone("Europe/Berlin").withGrace(Duration.ofHours(1))))
            .build();

    private final InMemoryFreshnessStore store = new InMemoryFreshnessStore();
    private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-27T05:12:00Z")); // Friday 06:12 Berlin
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();

    private void refresh(String tenant, String dataset) {
        freshness.track(Scope.tenant(tenant), dataset).run(context -> context.recordsAffected(10));
    }

    @Test
    void theScorecardMissesMondaysDeadlineWhenItsInputDidAndSaysSo() {
        for (String tenant : new String[] {"acme", "globex"}) {
            refresh(tenant, "meta_ads_performance");
            refresh(tenant, "scorecard");
        }
        clock.set(Instant.parse("2026-11-30T05:30:00Z")); // Monday 06:30 Berlin: the deadline is 07:00
        refresh("globex", "meta_ads_performance");
        refresh("acme", "scorecard");
        refresh("globex", "scorecard");
        assertThat(freshness.isAnyScopeStale("scorecard")).isFalse();

        clock.set(Instant.parse("2026-11-30T08:00:00Z")); // Monday 09:00 Berlin
        FreshnessReport acme = freshness.report(Scope.tenant("acme"), "scorecard");

        assertThat(acme.severity()).isEqualTo(Severity.WARNING);
        assertThat(acme.banner()).startsWith("Scorecard: due ").endsWith("; last refreshed Monday 06:30, from Meta ads"
                + " performance, which was last refreshed Friday 06:12; missed Monday's 07:00.");
        assertThat(freshness.report(Scope.tenant("globex"), "scorecard").severity()).isEqualTo(Severity.OK);
        assertThat(freshness.staleScopes("scorecard").reports()).extracting(FreshnessReport::scope)
                .containsExactly(Scope.tenant("acme"));
        assertThat(freshness.staleScopes("scorecard").reports().get(0).banner()).isEqualTo(acme.banner());
        assertThat(freshness.isAnyScopeStale("scorecard")).isTrue();
    }
}
