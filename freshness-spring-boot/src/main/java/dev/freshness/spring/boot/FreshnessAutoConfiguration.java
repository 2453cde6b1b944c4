package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spring.EnableFreshnessTracking;
import dev.freshness.track.TrackingListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Freshness in a Spring Boot application: a {@link DatasetFreshness} on the JDBC store of the application's
 * {@code DataSource} (or, without one, on an in-memory store, with a warning), the catalog of the
 * {@code freshness.*} properties, and {@link dev.freshness.spring.RefreshesDataset} switched on. Every bean the
 * application defines itself wins: the store, the catalog, the clock, the error redactor, the tracking listeners
 * and the {@code DatasetFreshness} itself. {@code freshness.enabled=false} leaves all of it out.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnBooleanProperty(name = FreshnessProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(FreshnessProperties.class)
// In this order: the in-memory store is the fallback when the JDBC one is not made.
@Import({JdbcStoreConfiguration.class, InMemoryStoreConfiguration.class})
// Spring reads the imported configurations reflectively; users never name them.
@SuppressWarnings("exports")
public class FreshnessAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessAutoConfiguration() {
    }

    /** The catalog of {@code freshness.catalog} or {@code freshness.catalog-location}, unless the application has one. */
    @Bean
    @ConditionalOnMissingBean
    Catalog freshnessCatalog(FreshnessProperties properties, ResourceLoader resources) {
        return CatalogFromProperties.build(properties, resources);
    }

    /** The instance, closed with the context, unless the application has one. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DatasetFreshness datasetFreshness(FreshnessStore store, Catalog catalog, FreshnessProperties properties,
                                      ObjectProvider<Clock> clock, ObjectProvider<ErrorRedactor> redactor,
                                      ObjectProvider<TrackingListener> listeners) {
        DatasetFreshness.Builder builder = DatasetFreshness.using(store, catalog)
                .withClock(clock.getIfUnique(Clock::systemUTC))
                .withErrorRedactor(redactor.getIfUnique(() -> DatasetFreshness.DEFAULT_ERROR_REDACTOR))
                .withTrackingListener(TrackingListener.composite(listeners.orderedStream().toArray(TrackingListener[]::new)));
        property("store-timeout", properties.getStoreTimeout(), () -> builder.withStoreTimeout(properties.getStoreTimeout()));
        property("store-failure-policy", properties.getStoreFailurePolicy(),
                () -> builder.withStoreFailurePolicy(properties.getStoreFailurePolicy()));
        property("undeclared-dataset-policy", properties.getUndeclaredDatasetPolicy(),
                () -> builder.withUndeclaredDatasetPolicy(properties.getUndeclaredDatasetPolicy()));
        return builder.build();
    }

    /** The raw facts of the instance, unless the application has its own. */
    @Bean
    @ConditionalOnMissingBean
    FreshnessRecords freshnessRecords(DatasetFreshness freshness) {
        return freshness.records();
    }

    /** {@code @RefreshesDataset} with class proxies, as Spring Boot makes its own ({@code spring.aop.proxy-target-class}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "spring.aop.proxy-target-class", matchIfMissing = true)
    @EnableFreshnessTracking(proxyTargetClass = true)
    static class ClassProxyTracking {
    }

    /** {@code @RefreshesDataset} with interface proxies where the application asks for them. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "spring.aop.proxy-target-class", havingValue = false)
    @EnableFreshnessTracking
    static class InterfaceProxyTracking {
    }

    /** Runs a builder step with a property's value, naming the property when the builder refuses it. */
    static void property(String name, Object value, Supplier<?> step) {
        try {
            step.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(FreshnessProperties.PREFIX + "." + name, value,
                    e.getMessage());
        }
    }
}
