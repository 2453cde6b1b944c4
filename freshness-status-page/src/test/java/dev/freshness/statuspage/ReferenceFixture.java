package dev.freshness.statuspage;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.testkit.CountingStore;

import java.time.Duration;
import java.time.Instant;

/**
 * The reference system's ten datasets and five pages, three tenants (one with a hostile id), and a week of runs:
 * acme fresh with an abandoned run, globex expired and failing with a hostile error message, the hostile tenant
 * never refreshed. The store counts its reads.
 */
final class ReferenceFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final String HOSTILE_TENANT = "<img src=x onerror=\"document.title='pwned-tenant'\">";
    static final String HOSTILE_MESSAGE = "<script>document.title='pwned-error'</script> & \"quoted\" 'text'";
    static final String HOSTILE_TITLE = "Landing <b>pages</b> & 'more'";

    static final Catalog CATALOG = Catalog.builder()
            .dataset("meta_ads_performance", "Meta ads performance")
            .dataset("ad_thumbnails", "Ad thumbnails")
            .dataset("ad_assets", "Ad assets", Duration.ofHours(2))
            .dataset("ad_classifications", "Ad classifications")
            .dataset("ad_creations", "Ad creations")
            .dataset("scorecard", "Scorecard")
            .dataset("templates_scraped", "Scraped templates")
            .dataset("congruence_analysis", "Congruence analysis")
            .dataset("landing_pages", HOSTILE_TITLE)
            .dataset("exports", "Exports")
            .producer("meta_sync", "meta_ads_performance", "ad_thumbnails", "ad_assets", "ad_classifications")
            .producer("ad_creation", "ad_creations")
            .producer("scorecard", "scorecard")
            .producer("template_scrape", "templates_scraped")
            .producer("congruence_reanalysis", "congruence_analysis")
            .producer("export", "exports")
            .page("ad_performance", "Ad performance", Requirement.of("meta_ads_performance", Duration.ofHours(24)))
            .page("hook_analysis", "Hook analysis", Requirement.of("ad_classifications", Duration.ofHours(48)))
            .page("congruence_insights", "Congruence insights",
                    Requirement.of("ad_classifications", Duration.ofHours(48)),
                    Requirement.of("landing_pages", Duration.ofHours(168)))
            .page("template_queue", "Template queue", Requirement.of("templates_scraped", Duration.ofMinutes(90))
                    .errorAfter(Duration.ofHours(3)))
            .page("template_evaluation", "Template evaluation")
            .build();

    final SettableClock clock = SettableClock.at(START);
    final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();
    private int runs;

    static final Scope ACME = Scope.tenant("acme");
    static final Scope GLOBEX = Scope.tenant("globex");
    static final Scope HOSTILE = Scope.tenant(HOSTILE_TENANT);

    /** The week of runs; ends at {@code START} plus 5 days 3 hours. */
    ReferenceFixture week() {
        for (int day = 0; day < 5; day++) {
            succeed(ACME, "meta_ads_performance", 100 + day);
            succeed(ACME, "ad_classifications", 40);
            succeed(ACME, "templates_scraped", 3);
            succeed(ACME, "ad_assets", 7);
            if (day == 0) {
                succeed(GLOBEX, "meta_ads_performance", 80);
                succeed(GLOBEX, "ad_classifications", 20);
                succeed(GLOBEX, "templates_scraped", 1);
            }
            if (day == 2) {
                clock.advance(Duration.ofHours(1));
                fail(ACME, "ad_assets", "java.io.IOException", "disk full");
                clock.advance(Duration.ofHours(23));
            } else {
                clock.advance(Duration.ofDays(1));
            }
        }
        // Today: a run of acme's assets dies, acme refreshes the rest, globex keeps failing.
        start(ACME, "ad_assets");
        clock.advance(Duration.ofHours(2));
        succeed(ACME, "meta_ads_performance", 120);
        succeed(ACME, "templates_scraped", 2);
        succeed(ACME, "landing_pages", 9);
        fail(GLOBEX, "meta_ads_performance", "com.meta.MetaApiException", HOSTILE_MESSAGE);
        start(HOSTILE, "ad_classifications");
        fail(HOSTILE, "ad_classifications", "IllegalStateException", "no token");
        clock.advance(Duration.ofHours(1));
        return this;
    }

    void succeed(Scope scope, String dataset, long records) {
        RunId run = RunId.of("run-" + ++runs);
        freshness.records().recordStart(scope, dataset, run, "job");
        freshness.records().recordSuccess(scope, dataset, run, records);
    }

    void fail(Scope scope, String dataset, String type, String message) {
        RunId run = RunId.of("run-" + ++runs);
        freshness.records().recordStart(scope, dataset, run, "job");
        freshness.records().recordFailure(scope, dataset, run, JobError.of(type, message, null));
    }

    void start(Scope scope, String dataset) {
        freshness.records().recordStart(scope, dataset, RunId.of("run-" + ++runs), "job");
    }

    StatusPageHandler handler() {
        return StatusPageHandler.builder(freshness).path("/freshness").title("Freshness <status>").build();
    }

    @Override
    public void close() {
        freshness.close();
    }
}
