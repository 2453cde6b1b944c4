/**
 * The tracked-job wrapper: wrap a job once and every run records its start, its success with the records
 * affected, or its failure, without ever changing the job's outcome.
 *
 * <p>Start from {@link dev.freshness.DatasetFreshness#track}, {@link dev.freshness.DatasetFreshness#job} or
 * {@link dev.freshness.DatasetFreshness#start}. Messages are logged under the logger
 * {@code dev.freshness.track}: store errors and throwing listeners at WARN, skipped (guarded) runs at DEBUG.
 */
package dev.freshness.track;
