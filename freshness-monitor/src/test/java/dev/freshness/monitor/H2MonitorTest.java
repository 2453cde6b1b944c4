package dev.freshness.monitor;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The scenarios on an in-memory H2 database of the test's own. */
class H2MonitorTest extends JdbcMonitorScenarios {

    private final String url = "jdbc:h2:mem:monitor_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Override
    DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    @Override
    DataSource anotherDataSource() {
        return dataSource();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
