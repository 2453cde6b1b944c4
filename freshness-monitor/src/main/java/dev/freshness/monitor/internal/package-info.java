/** The monitor's implementation: not exported, free to change. */
package dev.freshness.monitor.internal;
