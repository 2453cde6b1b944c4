package dev.freshness.reliability;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A data source whose database can be made unreachable and reachable again: while it is down, every
 * {@link #getConnection()} fails as a refused TCP connection does, and counts the refusal.
 */
final class SwitchableDataSource implements DataSource {

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

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connects with the target's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
