/**
 * Freshness for Spring Boot 4: {@link dev.freshness.spring.boot.FreshnessAutoConfiguration} and the
 * {@code freshness.*} properties ({@link dev.freshness.spring.boot.FreshnessProperties}). Add
 * {@code dev.freshness:freshness-spring-boot-starter}, declare the catalog in {@code application.yml} and put
 * {@link dev.freshness.spring.RefreshesDataset} on the job methods.
 */
package dev.freshness.spring.boot;
