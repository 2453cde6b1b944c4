package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.micrometer.FreshnessMetrics;
import dev.freshness.micrometer.FreshnessObservations;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.CountingStore;
import dev.freshness.testsupport.CapturedLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.freshness.spring.boot.FreshnessAutoConfigurationTest.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of {@link FreshnessMetricsAutoConfiguration}, in application contexts as Spring Boot makes them. */
class MetricsAutoConfigurationTest {

    static final Instant NOW = Instant.parse("2026-03-09T09:00:00Z");

    /** No registry, no store: the starter and the Micrometer auto-configuration. */
    private final ApplicationContextRunner bare = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                    FreshnessMetricsAutoConfiguration.class))
            .withPropertyValues(
                    "freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.producers.ad_classification=ad_classifications",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h");

    /** No registry, with a store of the application's. */
    private final ApplicationContextRunner runner = bare.withBean("testStore", FreshnessStore.class,
            InMemoryFreshnessStore::new);

    /** With a registry of the application's own, and no Spring Boot metrics. */
    private final ApplicationContextRunner withRegistry = runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    /** With Spring Boot's own metrics, which make the registry (a simple one, as no other is present). */
    private final ApplicationContextRunner withBootMetrics = runner.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class));

    @Test
    void withoutARegistryThereAreNoMeters() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                .doesNotHaveBean(FreshnessMetrics.class).doesNotHaveBean(FreshnessObservations.class));
    }

    @Test
    void withARegistryTheCatalogsMetersShowAtStartAndATrackedRunIsCounted() {
        withRegistry.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FreshnessMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertCatalogMetersBeforeTheFirstRun(registry);

            context.getBean(DatasetFreshness.class).track(Scope.tenant("acme"), "ad_classifications")
                    .job("ad_classification").recordsFrom((List<Integer> result) -> result.size()).call(() -> List.of(1, 2, 3));

            assertThat(successes(registry)).as("the listener is attached to the starter's instance").isEqualTo(1.0);
            assertThat(registry.get(FreshnessMetrics.RUN_RECORDS).tag("dataset", "ad_classifications")
                    .summary().totalAmount()).isEqualTo(3.0);
        });
    }

    @Test
    void isOrderedAfterSpringBootsRegistryAndBoundToIt() {
        withBootMetrics.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FreshnessMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertCatalogMetersBeforeTheFirstRun(registry);
            context.getBean(DatasetFreshness.class).track(Scope.global(), "ad_classifications")
                    .job("ad_classification").run(() -> { });
            assertThat(successes(registry)).isEqualTo(1.0);
        });
    }

    @Test
    void readsTheStoreTheStarterMakes() {
        // The starter's in-memory store (it warns that nothing is kept): made before the meters that read it.
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            bare.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(FreshnessMetrics.class);
                context.getBean(DatasetFreshness.class).track(Scope.global(), "ad_classifications")
                        .job("ad_classification").run(() -> { });
                Gauge age = context.getBean(MeterRegistry.class).get(FreshnessMetrics.LAST_SUCCESS_AGE)
                        .tags("dataset", "ad_classifications", "scope", "global").gauge();
                assertThat(age.value()).as("read from the starter's store").isNotNaN();
            });
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("in memory");
        }
    }

    @Test
    void withAnObservationRegistryEachTrackedRunIsObserved() {
        List<String> observed = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName() + " " + context.getLowCardinalityKeyValue("dataset").getValue());
            }
        });
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FreshnessObservations.class)
                    .doesNotHaveBean(FreshnessMetrics.class);
            context.getBean(DatasetFreshness.class).track(Scope.tenant("acme"), "ad_classifications").run(() -> { });
        });
        assertThat(observed).containsExactly("freshness.run ad_classifications");

        runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(FreshnessObservations.class));
    }

    @Test
    void isLeftOutWithoutTheModule() {
        withRegistry.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader(FreshnessMetrics.class)).run(context ->
                        assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                                .doesNotHaveBean(FreshnessMetrics.class).doesNotHaveBean(FreshnessObservations.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        withRegistry.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean("myMetrics", FreshnessMetrics.class, () -> FreshnessMetrics.builder(new InMemoryFreshnessStore(),
                        Catalog.builder().dataset("other", "Other").build()).build())
                .withBean("myObservations", FreshnessObservations.class,
                        () -> new FreshnessObservations(ObservationRegistry.create()))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(FreshnessMetrics.class)
                            .hasSingleBean(FreshnessObservations.class);
                    assertThat(context).getBean(FreshnessMetrics.class).isSameAs(context.getBean("myMetrics"));
                    assertThat(context).getBean(FreshnessObservations.class).isSameAs(context.getBean("myObservations"));
                    assertThat(context.getBean(MeterRegistry.class).find(FreshnessMetrics.RUNS).meters())
                            .as("the application's own is bound as it binds it").isEmpty();
                });
    }

    @Test
    void canBeTurnedOff() {
        withRegistry.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("freshness.metrics.enabled=false").run(context ->
                        assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                                .doesNotHaveBean(FreshnessMetrics.class).doesNotHaveBean(FreshnessObservations.class));
        withRegistry.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("freshness.enabled=false").run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean(DatasetFreshness.class)
                                .doesNotHaveBean(FreshnessMetrics.class).doesNotHaveBean(FreshnessObservations.class));
    }

    @Test
    void theDefaultsAreTheModulesOwn() {
        FreshnessProperties.Metrics metrics = new FreshnessProperties().getMetrics();
        assertThat(metrics.isEnabled()).isTrue();
        assertThat(metrics.getGaugeRefreshInterval()).isEqualTo(FreshnessMetrics.DEFAULT_GAUGE_REFRESH_INTERVAL);
        assertThat(metrics.getGaugeReadPageSize()).isEqualTo(FreshnessMetrics.DEFAULT_GAUGE_READ_PAGE_SIZE);
        assertThat(metrics.getTenantTag().isEnabled()).isFalse();
        assertThat(metrics.getTenantTag().getMaxTenants()).isBetween(1, FreshnessMetrics.MAX_TENANT_TAG_LIMIT);
    }

    @Test
    void theTenantTagIsOffByDefaultAndCappedWhenOn() {
        withRegistry.run(context -> {
            trackTenants(context.getBean(DatasetFreshness.class), "acme", "globex");
            assertThat(context.getBean(MeterRegistry.class).find(FreshnessMetrics.RUNS).tagKeys("tenant").meters())
                    .isEmpty();
        });
        withRegistry.withPropertyValues("freshness.metrics.tenant-tag.enabled=true",
                "freshness.metrics.tenant-tag.max-tenants=1").run(context -> {
            trackTenants(context.getBean(DatasetFreshness.class), "acme", "globex", "initech");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(FreshnessMetrics.RUNS).tags("tenant", "acme", "outcome", "success").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get(FreshnessMetrics.RUNS).tags("tenant", FreshnessMetrics.OTHER_TENANTS,
                    "outcome", "success").counter().count()).as("beyond the cap").isEqualTo(2.0);
        });
    }

    @Test
    void theGaugesReadTheStoreAtMostOncePerRefreshIntervalInPagesOfTheConfiguredSize() {
        CountingStore store = new CountingStore(new InMemoryFreshnessStore());
        SettableClock clock = SettableClock.at(NOW);
        bare.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("countingStore", FreshnessStore.class, () -> store)
                .withBean(Clock.class, () -> clock)
                .withPropertyValues("freshness.metrics.gauge-refresh-interval=10m",
                        "freshness.metrics.gauge-read-page-size=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    trackTenants(context.getBean(DatasetFreshness.class), "acme", "globex", "initech");
                    Gauge age = context.getBean(MeterRegistry.class).get(FreshnessMetrics.LAST_SUCCESS_AGE)
                            .tags("dataset", "ad_classifications", "scope", "worst_tenant").gauge();

                    int before = store.reads();
                    clock.set(NOW.plus(Duration.ofMinutes(1)));
                    assertThat(age.value()).isEqualTo(60.0);
                    int oneRead = store.reads() - before;
                    assertThat(oneRead).as("three statuses, one per call").isGreaterThanOrEqualTo(3);

                    clock.set(NOW.plus(Duration.ofMinutes(9)));
                    assertThat(age.value()).as("the cached read, aged by the clock").isEqualTo(540.0);
                    assertThat(store.reads() - before).as("within the interval").isEqualTo(oneRead);
                    clock.set(NOW.plus(Duration.ofMinutes(11)));
                    age.value();
                    assertThat(store.reads() - before).as("after the interval").isEqualTo(2 * oneRead);
                });
    }

    @Test
    void aBadValueFailsTheStartNamingTheProperty() {
        withRegistry.withPropertyValues("freshness.metrics.gauge-refresh-interval=0s").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.metrics.gauge-refresh-interval"));
        withRegistry.withPropertyValues("freshness.metrics.gauge-read-page-size=0").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.metrics.gauge-read-page-size"));
        withRegistry.withPropertyValues("freshness.metrics.tenant-tag.enabled=true",
                "freshness.metrics.tenant-tag.max-tenants=100000").run(context ->
                assertThat(invalidProperty(context)).isEqualTo("freshness.metrics.tenant-tag.max-tenants"));
        withRegistry.withPropertyValues("freshness.metrics.gauge-refresh-interval=often").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.metrics.gauge-refresh-interval"));
        withRegistry.withPropertyValues("freshness.metrics.tenant-tags.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.metrics.tenant-tags.enabled");
        });
    }

    private static void assertCatalogMetersBeforeTheFirstRun(MeterRegistry registry) {
        assertThat(registry.find(FreshnessMetrics.LAST_SUCCESS_AGE).tag("dataset", "ad_classifications").gauges())
                .hasSize(2);
        assertThat(registry.find(FreshnessMetrics.PAGE_SCOPES).tag("page", "hook_analysis").gauges()).isNotEmpty();
        assertThat(successes(registry)).isZero();
    }

    private static double successes(MeterRegistry registry) {
        return registry.get(FreshnessMetrics.RUNS).tags("dataset", "ad_classifications", "job", "ad_classification",
                "outcome", "success").counter().count();
    }

    private static void trackTenants(DatasetFreshness freshness, String... tenants) {
        for (String tenant : tenants) {
            freshness.track(Scope.tenant(tenant), "ad_classifications").job("ad_classification").run(() -> { });
        }
    }
}
