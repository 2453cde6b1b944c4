/**
 * The catalog: which datasets exist, which jobs produce them, and which pages need them no older than what.
 * Build one with {@link dev.freshness.catalog.Catalog#builder()} or read it from configuration with
 * {@link dev.freshness.catalog.Catalog#fromProperties(java.io.Reader, String)}.
 */
package dev.freshness.catalog;
