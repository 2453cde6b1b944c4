/**
 * The value types everything else speaks: {@link dev.freshness.core.Scope}, {@link dev.freshness.core.DatasetKey},
 * {@link dev.freshness.core.RunId}, the events a run reports ({@link dev.freshness.core.RunEvent}), what a store
 * keeps ({@link dev.freshness.core.DatasetStatus}, {@link dev.freshness.core.RunRecord}), errors
 * ({@link dev.freshness.core.JobError}, {@link dev.freshness.core.ErrorRedactor}) and the one exception a store
 * failure surfaces as ({@link dev.freshness.core.StoreException}). All are immutable and validated when built.
 */
package dev.freshness.core;
