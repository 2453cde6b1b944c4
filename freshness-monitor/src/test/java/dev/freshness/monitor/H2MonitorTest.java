package dev.freshness.monitor;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The scenarios on an in-memory H2 database of the test's own. */
class H2MonitorTest extends JdbcMonitorScenarios {

    private final String url = "jdbc:h2:mem:monitor_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    private volatile DataSource shared;

    /** One writer: an embedded database gains nothing from more, its writers only contend for its locks. */
    @Override
    int writerThreads() {
        return 1;
    }

    @Override
    synchronized DataSource dataSource() {
        if (shared == null) {
            shared = anotherDataSource();
        }
        return shared;
    }

    @Override
    DataSource anotherDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP ALL OBJECTS");
        }
        pools.forEach(HikariDataSource::close);
    }
}
