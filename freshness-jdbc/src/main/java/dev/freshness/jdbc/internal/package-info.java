/**
 * The JDBC store's machinery: the SQL of each database as whole statements ({@link
 * dev.freshness.jdbc.internal.SqlDialect} and its subclasses, one text block per statement, only table names
 * filled in), the rows read back, the schema scripts and the schema check. Internal: not an API, not exported by
 * the module, may change in any release; use {@link dev.freshness.jdbc.JdbcFreshnessStore}. Nothing here depends on
 * the package {@code dev.freshness.jdbc}: the dependency goes one way only.
 */
package dev.freshness.jdbc.internal;
