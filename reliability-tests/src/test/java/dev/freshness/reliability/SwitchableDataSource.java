package dev.freshness.reliability;

import dev.freshness.testsupport.ConnectionsOnlyDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data source whose database can be made unreachable and reachable again: while it is down, every
 * {@link #getConnection()} fails as a refused TCP connection does, and counts the refusal.
 */
final class SwitchableDataSource extends ConnectionsOnlyDataSource {

    private final DataSource target;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    SwitchableDataSource(DataSource target) {
        this.target = target;
    }

    void down() {
        down.set(true);
    }

    void up() {
        down.set(false);
    }

    /** How many connections were refused while down. */
    int refusedConnections() {
        return refused.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down.get()) {
            refused.incrementAndGet();
            throw new SQLNonTransientConnectionException("Connection refused: the database is unreachable", "08001");
        }
        return target.getConnection();
    }
}
