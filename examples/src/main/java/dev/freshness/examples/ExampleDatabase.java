package dev.freshness.examples;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The example's database: an embedded H2 file, created on first use and emptied on every run, so that running
 * the example twice prints the same week. One connection stays open while the example runs: H2 closes an
 * embedded database with its last connection, and reopening the file for every store call would be slow.
 */
final class ExampleDatabase implements AutoCloseable {

    /** Where the database lives unless told otherwise: {@code ./freshness-example-db.mv.db}. */
    static final Path DEFAULT_LOCATION = Path.of("freshness-example-db");

    /** H2's error code for a database file that another process holds open. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    private final Path location;
    private final JdbcDataSource dataSource;
    private final Connection keptOpen;

    private ExampleDatabase(Path location, JdbcDataSource dataSource, Connection keptOpen) {
        this.location = location;
        this.dataSource = dataSource;
        this.keptOpen = keptOpen;
    }

    /** The database at {@code location} (H2 adds {@code .mv.db}), created if missing, with nothing in it. */
    static ExampleDatabase openEmpty(Path location) throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + location.toAbsolutePath());
        dataSource.setUser("sa");
        dataSource.setPassword("");
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new SQLException(fileOf(location) + " is in use by another process (a run with --serve?):"
                        + " stop it, or pass --db <another path>", e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP ALL OBJECTS"); // start clean: every run plays the same week
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new ExampleDatabase(location, dataSource, connection);
    }

    /** Connections to the database, one per call. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The database file, as H2 names it. */
    Path file() {
        return fileOf(location);
    }

    private static Path fileOf(Path location) {
        return location.resolveSibling(location.getFileName() + ".mv.db");
    }

    /** Closes the kept connection, which closes the database. */
    @Override
    public void close() throws SQLException {
        keptOpen.close();
    }
}
