package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spring.boot.actuate.FreshnessActuatorAutoConfiguration;
import dev.freshness.spring.boot.actuate.FreshnessEndpoint;
import dev.freshness.spring.boot.actuate.FreshnessHealthIndicator;
import dev.freshness.testkit.CountingStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The health contributor and the endpoint, in application contexts, with a settable clock. */
class ActuatorTest {

    static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");

    private final SettableClock clock = SettableClock.at(NOW.minus(Duration.ofDays(10)));
    private final CountingStore store = new CountingStore(new InMemoryFreshnessStore());

    private final ApplicationContextRunner base = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                    FreshnessActuatorAutoConfiguration.class))
            .withBean(FreshnessStore.class, () -> store)
            .withBean(Clock.class, () -> clock)
            .withPropertyValues(
                    "freshness.catalog.datasets.meta_ads_performance.title=Meta ads performance",
                    "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.datasets.ad_classifications.max-run-duration=2h",
                    "freshness.catalog.datasets.templates_scraped.title=Templates scraped",
                    "freshness.catalog.producers.meta_sync=meta_ads_performance",
                    "freshness.catalog.producers.ad_classification=ad_classifications",
                    "freshness.catalog.pages.ad_performance.title=Ad performance",
                    "freshness.catalog.pages.ad_performance.needs.meta_ads_performance.warn-after=24h",
                    "freshness.catalog.pages.ad_performance.needs.meta_ads_performance.error-after=72h",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h",
                    "freshness.catalog.pages.template_queue.title=Template queue",
                    "freshness.catalog.pages.template_queue.needs.templates_scraped.warn-after=168h",
                    "freshness.catalog.pages.template_evaluation.title=Template evaluation");

    /** With Actuator's endpoint infrastructure, the endpoint exposed as an application exposes it. */
    private final ApplicationContextRunner runner = base
            .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
            .withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=freshness");

    private final ApplicationContextRunner withHealth = runner.withPropertyValues("management.health.freshness.enabled=true");

    @Test
    void theHealthContributorIsOffByDefaultAndTheEndpointOn() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(HealthIndicator.class)
                    .hasSingleBean(FreshnessEndpoint.class);
        });
        base.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class)).run(context ->
                assertThat(context).hasNotFailed().as("not exposed").doesNotHaveBean(FreshnessEndpoint.class));
        withHealth.run(context -> assertThat(context).hasSingleBean(FreshnessHealthIndicator.class));
        withHealth.withPropertyValues("management.endpoint.freshness.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(FreshnessEndpoint.class));
    }

    @Test
    void theApplicationsOwnContributorAndEndpointWin() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        withHealth.withBean("freshnessHealthIndicator", HealthIndicator.class, () -> own)
                .withBean("myEndpoint", FreshnessEndpoint.class,
                        () -> new FreshnessEndpoint(DatasetFreshness.using(store,
                                dev.freshness.catalog.Catalog.builder().build()).build(), 1))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FreshnessHealthIndicator.class);
                    assertThat(context.getBean("freshnessHealthIndicator")).isSameAs(own);
                    assertThat(context).hasSingleBean(FreshnessEndpoint.class);
                    assertThat(context.getBeanNamesForType(FreshnessEndpoint.class)).containsExactly("myEndpoint");
                });
    }

    @Test
    void withoutActuatorTheApplicationStartsWithoutEither() {
        base.withPropertyValues("management.health.freshness.enabled=true")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class);
                    assertThat(context).doesNotHaveBean(FreshnessHealthIndicator.class)
                            .doesNotHaveBean(FreshnessEndpoint.class);
                });
    }

    @Test
    void freshDataIsUpAndOk() {
        withHealth.run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            clock.set(NOW);
            freshness.track(Scope.tenant("acme"), "meta_ads_performance").run(() -> {
            });
            Health health = context.getBean(FreshnessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("severity", "OK")
                    .containsEntry("pages", Map.of("ad_performance", "OK", "hook_analysis", "OK", "template_queue", "OK"))
                    .containsEntry("stale", List.of()).containsEntry("truncated", false);
        });
    }

    @Test
    void staleDataStaysUpByDefaultAndListsTheWorstPairsFirst() {
        withHealth.withPropertyValues("freshness.health.max-details=2").run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            refresh(freshness, "acme", "meta_ads_performance", Duration.ofHours(30));       // stale: warning
            refresh(freshness, "globex", "meta_ads_performance", Duration.ofDays(5));       // expired: critical
            refresh(freshness, "initech", "ad_classifications", Duration.ofDays(3));        // stale: warning
            clock.set(NOW);

            Health health = context.getBean(FreshnessHealthIndicator.class).health();
            assertThat(health.getStatus()).as("stale data does not take the application out").isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("severity", "CRITICAL").containsEntry("truncated", true);
            @SuppressWarnings("unchecked")
            List<Map<String, String>> stale = (List<Map<String, String>>) health.getDetails().get("stale");
            assertThat(stale).extracting(entry -> entry.get("page") + "/" + entry.get("scope") + "/" + entry.get("severity"))
                    .containsExactly("ad_performance/globex/CRITICAL", "ad_performance/acme/WARNING");
            assertThat(stale.get(0).get("banner")).contains("Meta ads performance", "5 days");
        });
    }

    @Test
    void theStatusesOfWarningAndCriticalMayBeSet() {
        withHealth.withPropertyValues("freshness.health.warning-status=degraded",
                "freshness.health.critical-status=OUT_OF_SERVICE").run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            refresh(freshness, "acme", "meta_ads_performance", Duration.ofHours(30));
            clock.set(NOW);
            FreshnessHealthIndicator indicator = context.getBean(FreshnessHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(new Status("DEGRADED"));
            clock.set(NOW.plus(Duration.ofDays(3)));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
        withHealth.withPropertyValues("freshness.health.max-details=-1").run(context ->
                assertThat(FreshnessAutoConfigurationTest.invalidProperty(context)).isEqualTo("freshness.health.max-details"));
    }

    @Test
    void theHealthCostsTheSameStoreCallsForTenTenantsAsForThreeHundred() {
        withHealth.run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            FreshnessHealthIndicator indicator = context.getBean(FreshnessHealthIndicator.class);
            for (int tenant = 0; tenant < 10; tenant++) {
                refresh(freshness, "tenant" + tenant, "meta_ads_performance", Duration.ofDays(4));
                refresh(freshness, "tenant" + tenant, "ad_classifications", Duration.ofDays(4));
            }
            clock.set(NOW);
            int forTen = readsOf(indicator::health);
            for (int tenant = 10; tenant < 300; tenant++) {
                clock.set(NOW.minus(Duration.ofDays(4)));
                refresh(freshness, "tenant" + tenant, "meta_ads_performance", Duration.ofDays(4));
                refresh(freshness, "tenant" + tenant, "ad_classifications", Duration.ofDays(4));
            }
            clock.set(NOW);
            int forThreeHundred = readsOf(indicator::health);
            assertThat(forThreeHundred).as("cross-scope reads, never one per tenant").isEqualTo(forTen)
                    .isLessThanOrEqualTo(2 * 3);
        });
    }

    @Test
    void anUnreadableStoreIsUnknownNeverDown() {
        withHealth.run(context -> {
            store.failReads(() -> new StoreException("the test store is down", new IllegalStateException("down")));
            Health health = context.getBean(FreshnessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails().get("error").toString()).contains("the test store is down");
        });
    }

    @Test
    void theEndpointShowsTheCatalogAndEachPagesCheckAcrossScopes() {
        runner.run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            refresh(freshness, "globex", "meta_ads_performance", Duration.ofDays(5));
            clock.set(NOW);
            Map<String, Object> body = context.getBean(FreshnessEndpoint.class).freshness(null, null);

            assertThat(body).containsOnlyKeys("at", "catalog", "pages").containsEntry("at", "2026-03-09T09:00:00Z");
            @SuppressWarnings("unchecked")
            Map<String, Object> catalog = (Map<String, Object>) body.get("catalog");
            assertThat(catalog).containsOnlyKeys("datasets", "producers", "pages", "findings");
            assertThat(catalog.get("datasets")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(Map.of("key", "ad_classifications",
                    "title", "Ad classifications", "maxRunDuration", "PT2H", "producers", List.of("ad_classification"),
                    "consumers", List.of("hook_analysis")));
            assertThat(catalog.get("producers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(Map.of("job", "meta_sync",
                    "datasets", List.of("meta_ads_performance")));
            assertThat(catalog.get("pages")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(Map.of("key", "ad_performance", "title", "Ad performance",
                    "needs", List.of(Map.of("dataset", "meta_ads_performance", "warnAfter", "PT24H",
                            "errorAfter", "PT72H", "ignoreEmptyRefreshes", false))));
            assertThat(catalog.get("findings")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isNotEmpty();
            assertThat(body.get("pages")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).first().isEqualTo(Map.of("key", "ad_performance",
                    "title", "Ad performance", "severity", "CRITICAL", "truncated", false,
                    "staleScopes", List.of(Map.of("scope", "globex", "severity", "CRITICAL",
                            "banner", freshness.report(Scope.tenant("globex"), "ad_performance").banner()))));
        });
    }

    @Test
    void theEndpointGivesOneScopesReports() {
        runner.run(context -> {
            DatasetFreshness freshness = context.getBean(DatasetFreshness.class);
            refresh(freshness, "acme", "meta_ads_performance", Duration.ofHours(30));
            clock.set(NOW);
            FreshnessEndpoint endpoint = context.getBean(FreshnessEndpoint.class);

            Map<String, Object> body = endpoint.freshness("acme", "ad_performance");
            assertThat(body).containsOnlyKeys("scope", "at", "reports").containsEntry("scope", "acme");
            assertThat(body.get("reports")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().isEqualTo(Map.of(
                    "page", "ad_performance", "title", "Ad performance", "severity", "WARNING",
                    "banner", freshness.report(Scope.tenant("acme"), "ad_performance").banner(),
                    "verdicts", List.of(Map.ofEntries(
                            Map.entry("dataset", "meta_ads_performance"), Map.entry("ageVerdict", "STALE"),
                            Map.entry("severity", "WARNING"), Map.entry("age", "PT30H"),
                            Map.entry("lastRefresh", "2026-03-08T03:00:00Z"),
                            Map.entry("warningAfter", "2026-03-09T03:00:00Z"),
                            Map.entry("criticalAfter", "2026-03-11T03:00:00Z"),
                            Map.entry("failing", false), Map.entry("refreshing", false), Map.entry("abandoned", false),
                            Map.entry("sentence", freshness.report(Scope.tenant("acme"), "ad_performance")
                                    .verdicts().get(0).sentence())))));
            assertThat(endpoint.freshness("acme", null).get("reports")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(4);
            assertThat(endpoint.freshness("global", null)).containsEntry("scope", Scope.GLOBAL_KEY);

            assertThatThrownBy(() -> endpoint.freshness("acme", "no_such_page"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("no_such_page");
            assertThatThrownBy(() -> endpoint.freshness("*acme", null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("reserved");
            assertThatThrownBy(() -> endpoint.freshness(null, "ad_performance"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("scope");
        });
    }

    private void refresh(DatasetFreshness freshness, String tenant, String dataset, Duration ago) {
        clock.set(NOW.minus(ago));
        freshness.track(Scope.tenant(tenant), dataset).run(() -> {
        });
    }

    private int readsOf(Runnable call) {
        int before = store.reads();
        call.run();
        return store.reads() - before;
    }
}
