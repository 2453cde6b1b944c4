package dev.freshness.micrometer;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.report.Severity;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.freshness.micrometer.FreshnessMetrics.LAST_SUCCESS_AGE;
import static dev.freshness.micrometer.FreshnessMetrics.PAGE_SCOPES;
import static dev.freshness.micrometer.FreshnessMetrics.STORE_FAILURES;
import static dev.freshness.micrometer.ReferenceCatalog.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges: ages and severity counts that agree with the reports, read through the store's cross-scope query
 * at most once per interval however many scrapes, registries and tenants there are.
 */
class FreshnessGaugesTest {

    private static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final SettableClock clock = SettableClock.at(NOW);
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());
    private final DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FreshnessMetrics metrics = FreshnessMetrics.builder(store, CATALOG).withClock(clock)
            .withGaugeRefreshInterval(INTERVAL).build();

    /** Succeeds {@code dataset} for {@code scope} at {@code ago} before the clock's instant. */
    private void succeeded(Scope scope, String dataset, Duration ago) {
        Instant now = clock.instant();
        clock.set(now.minus(ago));
        freshness.track(scope, dataset).run(context -> context.recordsAffected(1));
        clock.set(now);
    }

    private double age(String dataset, String scope) {
        return registry.get(LAST_SUCCESS_AGE).tags("dataset", dataset, "scope", scope).gauge().value();
    }

    private double scopes(String page, Severity severity) {
        return registry.get(PAGE_SCOPES).tags("page", page, "severity", severity.name().toLowerCase(Locale.ROOT)).gauge().value();
    }

    private void scrape() {
        registry.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
    }

    @Test
    void agesShowTheGlobalScopeAndTheWorstTenant() {
        metrics.bindTo(registry);
        succeeded(Scope.global(), "ad_classifications", Duration.ofMinutes(10));
        succeeded(Scope.tenant("acme"), "ad_classifications", Duration.ofHours(2));
        succeeded(Scope.tenant("globex"), "ad_classifications", Duration.ofHours(30));
        freshness.records().recordStart(Scope.tenant("initech"), "ad_classifications", RunId.of("never-ends"));

        assertThat(age("ad_classifications", "global")).isEqualTo(600);
        assertThat(age("ad_classifications", "worst_tenant")).as("globex; initech never succeeded").isEqualTo(30 * 3600);
        assertThat(age("scorecard", "global")).isNaN();
        assertThat(age("scorecard", "worst_tenant")).isNaN();

        clock.advance(Duration.ofSeconds(5));
        assertThat(age("ad_classifications", "global")).as("ages grow between reads").isEqualTo(605);
    }

    @Test
    void pagesCountTheScopesAtEachSeverityAsTheirReportsSay() {
        metrics.bindTo(registry);
        succeeded(Scope.global(), "ad_classifications", Duration.ofHours(1));
        succeeded(Scope.tenant("acme"), "ad_classifications", Duration.ofHours(2));
        succeeded(Scope.tenant("globex"), "ad_classifications", Duration.ofHours(30));
        succeeded(Scope.tenant("initech"), "ad_classifications", Duration.ofHours(50));
        freshness.records().recordStart(Scope.tenant("hooli"), "ad_classifications", RunId.of("first-run"));
        succeeded(Scope.tenant("umbrella"), "scorecard", Duration.ofHours(1));
        succeeded(Scope.tenant("acme"), "templates_scraped", Duration.ofDays(8));

        Map<Severity, Integer> fromReports = new EnumMap<>(Severity.class);
        for (String scope : List.of("acme", "globex", "initech", "hooli")) {
            fromReports.merge(freshness.report(Scope.tenant(scope), "hook_analysis").severity(), 1, Integer::sum);
        }
        fromReports.merge(freshness.report(Scope.global(), "hook_analysis").severity(), 1, Integer::sum);

        assertThat(fromReports).containsExactlyInAnyOrderEntriesOf(Map.of(Severity.OK, 2, Severity.WARNING, 1, Severity.CRITICAL, 2));
        for (Severity severity : Severity.values()) {
            assertThat(scopes("hook_analysis", severity)).as(severity + ", umbrella has no status for the page")
                    .isEqualTo((double) fromReports.getOrDefault(severity, 0));
        }
        assertThat(scopes("template_queue", Severity.WARNING)).isEqualTo(1);
        assertThat(scopes("template_queue", Severity.OK)).isZero();
    }

    @Test
    void manyScrapesOfManyTenantsReadTheStoreOncePerInterval() {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(second);
        for (int i = 0; i < 1200; i++) {
            freshness.records().recordSuccess(Scope.tenant("tenant-" + i), "ad_classifications", RunId.of("r" + i), 1);
        }
        FreshnessMetrics pagedBy500 = FreshnessMetrics.builder(store, CATALOG).withClock(clock)
                .withGaugeRefreshInterval(INTERVAL).withGaugeReadPageSize(500).build();
        SimpleMeterRegistry paged = new SimpleMeterRegistry();
        pagedBy500.bindTo(paged);

        for (int i = 0; i < 1000; i++) {
            scrape();
            second.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
        }
        assertThat(store.crossScopeCalls()).as("1,200 statuses in pages of 1,000, once for both registries").isEqualTo(2);

        paged.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
        assertThat(store.crossScopeCalls()).as("the same statuses in pages of 500").isEqualTo(5);
        assertThat(store.reads() - store.crossScopeCalls()).as("never one read per tenant").isZero();

        clock.advance(INTERVAL.minusMillis(1));
        scrape();
        assertThat(store.crossScopeCalls()).isEqualTo(5);
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 100; i++) {
            scrape();
        }
        assertThat(store.crossScopeCalls()).as("the interval passed: one more read").isEqualTo(7);
        assertThat(scopes("hook_analysis", Severity.OK)).isEqualTo(1200);

        clock.set(NOW.minus(Duration.ofHours(1)));
        scrape();
        assertThat(store.crossScopeCalls()).as("a clock that went back reads again rather than freeze").isEqualTo(9);
    }

    @Test
    void aFailedReadKeepsTheLastValuesIsCountedAndIsRetriedAfterTheInterval() {
        metrics.bindTo(registry);
        succeeded(Scope.global(), "ad_classifications", Duration.ofMinutes(1));
        assertThat(age("ad_classifications", "global")).isEqualTo(60);
        store.failReads(read -> read == CountingStore.Read.ACROSS_SCOPES, () -> new IllegalStateException("store unreachable"));
        clock.advance(INTERVAL);

        try (CapturedLog log = CapturedLog.ofFreshness()) {
            assertThat(age("ad_classifications", "global")).isEqualTo(90);
            scrape();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .isEqualTo("Could not read the statuses for the freshness gauges; they show what was read before, and"
                            + " the next read is in PT30S: java.lang.IllegalStateException: store unreachable");
        }
        assertThat(store.crossScopeCalls()).isEqualTo(2);
        assertThat(registry.get(STORE_FAILURES).tag("operation", "read").counter().count()).isEqualTo(1);

        store.stopFailing();
        succeeded(Scope.global(), "ad_classifications", Duration.ZERO);
        clock.advance(INTERVAL);
        assertThat(age("ad_classifications", "global")).isEqualTo(30);
        assertThat(store.crossScopeCalls()).isEqualTo(3);
    }

    @Test
    void aPageThatIgnoresEmptyRefreshesIsCountedAsItsReportsSay() {
        Catalog catalog = Catalog.builder().dataset("ad_classifications", "Ad classifications")
                .page("hook_analysis", "Hook analysis",
                        Requirement.of("ad_classifications", Duration.ofHours(24)).ignoringEmptyRefreshes())
                .build();
        DatasetFreshness ignoring = DatasetFreshness.using(store, catalog).withClock(clock).build();
        FreshnessMetrics.builder(store, catalog).withClock(clock).build().bindTo(registry);
        for (String tenant : List.of("acme", "globex")) {
            clock.set(NOW.minus(Duration.ofHours(tenant.equals("acme") ? 2 : 30)));
            ignoring.track(Scope.tenant(tenant), "ad_classifications").run(context -> context.recordsAffected(5));
            clock.set(NOW.minus(Duration.ofHours(1)));
            ignoring.track(Scope.tenant(tenant), "ad_classifications").run(() -> { });
        }
        clock.set(NOW);

        assertThat(ignoring.report(Scope.tenant("acme"), "hook_analysis").severity()).isEqualTo(Severity.OK);
        assertThat(ignoring.report(Scope.tenant("globex"), "hook_analysis").severity()).isEqualTo(Severity.WARNING);
        assertThat(scopes("hook_analysis", Severity.OK)).isEqualTo(1);
        assertThat(scopes("hook_analysis", Severity.WARNING)).as("the empty refresh an hour ago does not count").isEqualTo(1);
    }

    @Test
    void anEmptyStoreShowsNoAgesAndNoScopes() {
        metrics.bindTo(registry);

        assertThat(registry.get(LAST_SUCCESS_AGE).gauges()).extracting(Gauge::value).allMatch(value -> value.isNaN());
        assertThat(registry.get(PAGE_SCOPES).gauges()).extracting(Gauge::value).containsOnly(0.0);
    }
}
