/**
 * The JDBC store: {@link dev.freshness.jdbc.JdbcFreshnessStore}, on H2, PostgreSQL, MySQL and MariaDB through
 * Jdbi 3. Add the JDBC driver of your database yourself; none is a dependency of this module.
 */
package dev.freshness.jdbc;
