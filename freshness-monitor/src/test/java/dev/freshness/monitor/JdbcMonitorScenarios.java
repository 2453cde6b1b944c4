package dev.freshness.monitor;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.monitor.jdbc.JdbcMonitorState;
import dev.freshness.spi.FreshnessStore;

import javax.sql.DataSource;

/**
 * The scenarios on the JDBC store and {@link JdbcMonitorState}: each monitor opens the state through a pool of
 * its own, as a second process would.
 */
abstract class JdbcMonitorScenarios extends MonitorScenarios {

    /** The store's pool. */
    abstract DataSource dataSource();

    /** A new pool on the same database, as another process would open. */
    abstract DataSource anotherDataSource();

    /** The monitor tables' prefix in this test. */
    String tablePrefix() {
        return JdbcMonitorState.DEFAULT_TABLE_PREFIX;
    }

    @Override
    FreshnessStore store() {
        return JdbcFreshnessStore.using(dataSource()).createSchemaIfMissing().build();
    }

    @Override
    MonitorState newState() {
        return JdbcMonitorState.using(anotherDataSource()).withTablePrefix(tablePrefix()).createSchemaIfMissing().build();
    }
}
