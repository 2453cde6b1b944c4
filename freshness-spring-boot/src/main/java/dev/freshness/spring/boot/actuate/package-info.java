/**
 * Freshness in Spring Boot's Actuator: the {@code freshness} health contributor
 * ({@link dev.freshness.spring.boot.actuate.FreshnessHealthIndicator}) and the {@code /actuator/freshness}
 * endpoint ({@link dev.freshness.spring.boot.actuate.FreshnessEndpoint}).
 */
package dev.freshness.spring.boot.actuate;
