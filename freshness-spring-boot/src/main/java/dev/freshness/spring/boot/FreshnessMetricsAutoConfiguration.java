package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.micrometer.FreshnessMetrics;
import dev.freshness.micrometer.FreshnessObservations;
import dev.freshness.spi.FreshnessStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

import static dev.freshness.spring.boot.FreshnessAutoConfiguration.property;

/**
 * The meters and observations of {@code freshness-micrometer}, when it is present: with a {@link MeterRegistry}
 * bean, a {@link FreshnessMetrics} on the application's store and catalog, bound to that registry (so that the
 * catalog's datasets and pages show before the first run) and a tracking listener of the {@link DatasetFreshness}
 * the starter builds; with an {@link ObservationRegistry} bean, a {@link FreshnessObservations}, another listener.
 * The application's own beans of either type win; {@code freshness.metrics.enabled=false} leaves both out. An
 * application that builds its own {@code DatasetFreshness} attaches them itself.
 *
 * <p>Ordered after Spring Boot's registries exist (the export auto-configurations run before its composite
 * registry's) and after the starter's store and catalog; the starter's {@code DatasetFreshness} gathers every
 * {@code TrackingListener} bean when it is made, which is after every bean definition is known.
 */
@AutoConfiguration(after = FreshnessAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({FreshnessMetrics.class, MeterRegistry.class})
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".metrics.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FreshnessProperties.class)
// The bean methods carry the optional module's types; users never call them.
@SuppressWarnings("exports")
public class FreshnessMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessMetricsAutoConfiguration() {
    }

    /**
     * The meters, bound to the application's one (or primary) registry right away; Spring Boot's metrics binds
     * them to its registries too (binding the same registry twice does nothing), unless the application has its own.
     */
    @Bean
    @ConditionalOnBean({MeterRegistry.class, FreshnessStore.class, Catalog.class})
    @ConditionalOnMissingBean
    FreshnessMetrics freshnessMetrics(FreshnessStore store, Catalog catalog, FreshnessProperties properties,
                                      ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> registry) {
        FreshnessProperties.Metrics metrics = properties.getMetrics();
        FreshnessMetrics.Builder builder = FreshnessMetrics.builder(store, catalog)
                .withClock(clock.getIfUnique(Clock::systemUTC));
        property("metrics.gauge-refresh-interval", metrics.getGaugeRefreshInterval(),
                () -> builder.withGaugeRefreshInterval(metrics.getGaugeRefreshInterval()));
        property("metrics.gauge-read-page-size", metrics.getGaugeReadPageSize(),
                () -> builder.withGaugeReadPageSize(metrics.getGaugeReadPageSize()));
        int maxTenants = metrics.getTenantTag().getMaxTenants();
        if (metrics.getTenantTag().isEnabled()) {
            property("metrics.tenant-tag.max-tenants", maxTenants, () -> builder.withTenantTag(maxTenants));
        }
        FreshnessMetrics built = builder.build();
        registry.ifUnique(built::bindTo);
        return built;
    }

    /** Each tracked run an {@code Observation} in the application's registry, unless the application has its own. */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    FreshnessObservations freshnessObservations(ObservationRegistry registry) {
        return new FreshnessObservations(registry);
    }
}
