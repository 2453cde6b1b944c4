/** The monitor's state in the database of the JDBC store: {@link dev.freshness.monitor.jdbc.JdbcMonitorState}. */
package dev.freshness.monitor.jdbc;
