/**
 * The monitor of freshness changes: {@link dev.freshness.monitor.FreshnessMonitor} evaluates the catalog's pages
 * across scopes, claims each change once in a {@link dev.freshness.monitor.MonitorState} shared by every process,
 * and delivers it to its {@link dev.freshness.monitor.Notifier channels}.
 */
package dev.freshness.monitor;
