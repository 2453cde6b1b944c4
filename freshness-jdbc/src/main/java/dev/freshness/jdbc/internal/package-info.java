/**
 * The JDBC store's machinery: SQL per dialect, schema scripts and checks. Internal: not an API, may change in
 * any release; use {@link dev.freshness.jdbc.JdbcFreshnessStore}.
 */
package dev.freshness.jdbc.internal;
