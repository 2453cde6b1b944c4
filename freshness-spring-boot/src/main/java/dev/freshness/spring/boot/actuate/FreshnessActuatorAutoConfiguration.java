package dev.freshness.spring.boot.actuate;

import dev.freshness.DatasetFreshness;
import dev.freshness.spring.boot.FreshnessAutoConfiguration;
import dev.freshness.spring.boot.FreshnessProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator part, present only with Spring Boot's Actuator on the class path: the {@code freshness} health
 * contributor (off unless {@code management.health.freshness.enabled=true}) and the {@code freshness} endpoint
 * (exposed as any endpoint is, {@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = FreshnessAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(DatasetFreshness.class)
public class FreshnessActuatorAutoConfiguration {

    /** The stale scopes each page lists in the endpoint's overview. */
    public static final int ENDPOINT_MAX_SCOPES = DatasetFreshness.DEFAULT_STALE_SCOPES_PAGE_SIZE;

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessActuatorAutoConfiguration() {
    }

    /** The endpoint, when it is available (enabled and exposed). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    FreshnessEndpoint freshnessEndpoint(DatasetFreshness freshness) {
        return new FreshnessEndpoint(freshness, ENDPOINT_MAX_SCOPES);
    }

    /** The health contributor, off by default. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnBooleanProperty(name = "management.health.freshness.enabled")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "freshnessHealthIndicator")
        HealthIndicator freshnessHealthIndicator(DatasetFreshness freshness, FreshnessProperties properties) {
            FreshnessProperties.Health health = properties.getHealth();
            if (health.getMaxDetails() < 0) {
                throw new InvalidConfigurationPropertyValueException("freshness.health.max-details",
                        health.getMaxDetails(), "It must be 0 or more.");
            }
            return new FreshnessHealthIndicator(freshness, health.getMaxDetails(),
                    status("freshness.health.warning-status", health.getWarningStatus()),
                    status("freshness.health.critical-status", health.getCriticalStatus()));
        }

        private static Status status(String property, String code) {
            if (code == null || code.isBlank()) {
                throw new InvalidConfigurationPropertyValueException(property, code, "A status code is required.");
            }
            return new Status(code.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
