package dev.freshness.testkit;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A small connection pool for tests of a JDBC-based store, so that the contract suite's thousands of calls do
 * not each open a connection, with no pool library on the test class path. A connection handed out returns to
 * the pool when closed, with auto-commit back on and any open transaction rolled back; each new physical
 * connection first runs the session statements (a session time zone away from UTC, say). Connections come from
 * {@link DriverManager}, so the driver only has to be on the class path.
 */
public final class PooledDataSource implements DataSource {

    private final String url;
    private final List<String> sessionStatements;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private final boolean validateIdle;
    private final Semaphore leases;

    /**
     * A pool without a size limit that checks an idle connection before handing it out.
     *
     * @param url the JDBC URL connections are opened with
     * @param sessionStatements SQL run once on each new physical connection
     */
    public PooledDataSource(String url, List<String> sessionStatements) {
        this(url, sessionStatements, true, Integer.MAX_VALUE);
    }

    /**
     * A pool with a size limit, optionally handing out idle connections unchecked.
     *
     * @param url the JDBC URL connections are opened with
     * @param sessionStatements SQL run once on each new physical connection
     * @param validateIdle whether an idle connection is checked before it is handed out; without it, a
     *     connection the server dropped fails its next statement, as in a pool with no validation query
     * @param maxConnections the most connections handed out at once; a borrower waits up to 10 seconds
     */
    public PooledDataSource(String url, List<String> sessionStatements, boolean validateIdle, int maxConnections) {
        this.url = url;
        this.sessionStatements = List.copyOf(sessionStatements);
        this.validateIdle = validateIdle;
        this.leases = new Semaphore(maxConnections);
    }

    /** The JDBC URL connections are opened with. */
    public String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            if (!leases.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new SQLTransientConnectionException("no connection free within 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", e);
        }
        try {
            return lease(borrow());
        } catch (SQLException | RuntimeException e) {
            leases.release();
            throw e;
        }
    }

    private Connection borrow() throws SQLException {
        Connection physical = idle.pollFirst();
        while (physical != null && (physical.isClosed() || validateIdle && !physical.isValid(2))) {
            physical.close();
            physical = idle.pollFirst();
        }
        if (physical == null) {
            physical = open();
        }
        return physical;
    }

    private Connection open() throws SQLException {
        DriverManager.setLoginTimeout(5);
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            for (String sql : sessionStatements) {
                statement.execute(sql);
            }
        }
        return connection;
    }

    private Connection lease(Connection physical) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (!returned[0]) {
                                returned[0] = true;
                                try {
                                    release(physical);
                                } finally {
                                    leases.release();
                                }
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return returned[0] || physical.isClosed();
                        }
                        case "unwrap" -> {
                            return ((Class<?>) args[0]).isInstance(physical) ? physical : physical.unwrap((Class<?>) args[0]);
                        }
                        default -> {
                            if (returned[0]) {
                                throw new SQLException("connection already returned to the pool");
                            }
                            try {
                                return method.invoke(physical, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private void release(Connection physical) throws SQLException {
        if (physical.isClosed()) {
            return;
        }
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
        } catch (SQLException broken) {
            physical.close();
            return;
        }
        idle.offerFirst(physical);
    }

    /** Closes every idle connection. */
    public void closeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing at the end of the tests: nothing left to do with it.
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the test pool connects with its URL's credentials");
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
