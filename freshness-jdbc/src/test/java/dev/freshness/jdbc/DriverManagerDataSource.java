package dev.freshness.jdbc;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * The plainest data source: {@link DriverManager} with a URL. It refers to nothing outside the JDK, so that
 * {@link MisconfigurationTest} can load it in a class loader that sees no JDBC driver, as an application does that
 * forgot to add one: DriverManager then offers it none of the drivers the tests' class path holds.
 */
public final class DriverManagerDataSource implements DataSource {

    private final String url;

    /** A data source connecting to {@code url}. */
    public DriverManagerDataSource(String url) {
        this.url = url;
    }

    /** The URL, as the usual data sources tell it. */
    public String getUrl() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing is logged.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.freshness.jdbc");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
