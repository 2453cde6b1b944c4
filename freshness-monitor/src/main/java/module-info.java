/**
 * The Freshness monitor: {@link dev.freshness.monitor.FreshnessMonitor} tells the log, webhooks, Slack or a
 * listener when a page becomes stale, critical or fresh again for a scope, once per change across every process
 * that shares the store. {@code dev.freshness.monitor.jdbc} keeps that state in the database of the JDBC store.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.freshness.monitor {
    requires transitive dev.freshness.api;
    requires transitive java.sql;
    requires java.net.http;
    requires org.slf4j;
    // Only JdbcMonitorState needs it: the monitor with an in-memory state runs without freshness-jdbc.
    requires static transitive dev.freshness.jdbc;

    exports dev.freshness.monitor;
    exports dev.freshness.monitor.jdbc;
}
