package dev.freshness.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database of one test's own (see {@link Databases#open()}), with HikariCP pools over it. {@link #close()}
 * closes the pools and drops the database (on H2: shuts it down).
 */
final class OwnDatabase implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Databases kind;
    private final TestDatabase serverDatabase;
    private final String name;
    private final String url;
    private final List<HikariDataSource> h2Pools = new CopyOnWriteArrayList<>();
    private final DataSource dataSource;

    private OwnDatabase(Databases kind, TestDatabase serverDatabase, String name, String url) {
        this.kind = kind;
        this.serverDatabase = serverDatabase;
        this.name = name;
        this.url = url;
        this.dataSource = serverDatabase == null ? newDataSource(4) : serverDatabase.dataSource();
    }

    static OwnDatabase h2InMemory(Databases kind) {
        String name = "rel_" + randomSuffix();
        return new OwnDatabase(kind, null, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    static OwnDatabase on(Databases kind, TestDatabase database) {
        return new OwnDatabase(kind, database, database.name(), database.url());
    }

    Databases kind() {
        return kind;
    }

    /** The database's name: on the servers, the one to use in {@code ALTER DATABASE} and {@code pg_stat_activity}. */
    String name() {
        return name;
    }

    /** Its JDBC URL, for a child JVM or a pool of a test's own. */
    String url() {
        return url;
    }

    /** The shared pool (up to 10 connections on the servers, 4 on H2). */
    DataSource dataSource() {
        return dataSource;
    }

    /** A new pool of its own, with no connection yet: what it opens sees the JVM's settings of that moment. */
    HikariDataSource newDataSource(int maxConnections) {
        return newDataSource(url, maxConnections);
    }

    /** A new pool of its own over {@code jdbcUrl} (this database's URL with options added), closed with it. */
    HikariDataSource newDataSource(String jdbcUrl, int maxConnections) {
        if (serverDatabase != null) {
            return serverDatabase.newDataSource(jdbcUrl, List.of(), maxConnections);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("test-" + name + "-" + h2Pools.size());
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(config);
        h2Pools.add(pool);
        return pool;
    }

    /** A store over new tables named {@code rel_<name>_}, created now. */
    JdbcFreshnessStore store(String tableName) {
        return JdbcFreshnessStore.using(dataSource).withTablePrefix(Databases.PREFIX + tableName + "_")
                .createSchemaIfMissing().build();
    }

    /** Runs statements on a connection of its own, with auto-commit. */
    void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + List.of(statements) + " on " + this, e);
        }
    }

    /** The first column of the first row of {@code sql}, as a long. */
    long queryForLong(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + this, e);
        }
    }

    @Override
    public void close() {
        if (serverDatabase != null) {
            serverDatabase.close();
            return;
        }
        h2Pools.forEach(HikariDataSource::close);
        // DB_CLOSE_DELAY=-1 keeps the database with no connection: SHUTDOWN frees its memory.
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot shut down " + this, e);
        }
    }

    @Override
    public String toString() {
        return kind + " database " + name;
    }

    static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
