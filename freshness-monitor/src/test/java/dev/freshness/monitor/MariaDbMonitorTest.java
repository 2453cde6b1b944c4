package dev.freshness.monitor;

import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.util.List;

/** The scenarios on a MariaDB database of the test's own; skipped when the server is absent (failed on CI). */
class MariaDbMonitorTest extends JdbcMonitorScenarios {

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(TestServer.MARIADB);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** Another prefix than the store's, to show the monitor's tables follow theirs. */
    @Override
    String tablePrefix() {
        return "ops_";
    }

    @Override
    DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    DataSource anotherDataSource() {
        return database.newDataSource(database.url(), List.of(), 2);
    }
}
