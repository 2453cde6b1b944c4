/**
 * The store at the scale of a million tenants on PostgreSQL: {@link dev.freshness.benchmarks.scale.ScaleReport}
 * fills a database of its own and prints what the store's own statements cost there.
 */
package dev.freshness.benchmarks.scale;
