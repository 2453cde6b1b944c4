/**
 * The in-memory store, for unit tests of your own jobs: {@link dev.freshness.inmemory.InMemoryFreshnessStore}.
 */
package dev.freshness.inmemory;
