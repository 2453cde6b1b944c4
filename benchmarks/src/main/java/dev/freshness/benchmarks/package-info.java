/**
 * JMH benchmarks of Freshness, each measured next to a baseline in the same run: a plain map for the
 * in-memory store, hand-written JDBC running the store's own SQL for the JDBC store, Spring Batch's
 * {@code JobRepository} for a tracked run, and the raw query behind a page report. See {@code BENCHMARKS.md}.
 */
package dev.freshness.benchmarks;
