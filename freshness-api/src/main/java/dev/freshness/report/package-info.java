/**
 * Verdicts and reports: how old each dataset a page needs is, in one scope or across all, judged at read time
 * against the rules of a {@link dev.freshness.catalog.Catalog}. Start at
 * {@link dev.freshness.DatasetFreshness#report(dev.freshness.core.Scope, String)}.
 */
package dev.freshness.report;
