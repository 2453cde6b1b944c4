package dev.freshness.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of the test's own: made with a random name when created, dropped by {@link #close()}, so that two
 * checkouts (or two test classes) running against the same servers never see each other's tables. Databases
 * that a killed test run left behind are dropped by the next run once they are {@value #LEFTOVER_HOURS} hours
 * old (their name carries their creation time).
 *
 * <pre>{@code
 * try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL)) {
 *     DataSource dataSource = database.dataSource();
 *     ...
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

    /** Every database this class makes is named {@code <prefix><epoch seconds>_<random>}. */
    public static final String NAME_PREFIX = "freshness_t";
    static final int LEFTOVER_HOURS = 6;

    private static final Pattern NAME = Pattern.compile(NAME_PREFIX + "(\\d{10})_[a-z0-9]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestServer server;
    private final String name;
    private final String url;
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    private volatile HikariDataSource pool;

    private TestDatabase(TestServer server, String name, String url) {
        this.server = server;
        this.name = name;
        this.url = url;
    }

    /**
     * Makes a new, empty database on {@code server} whose commits do not wait for the disk (PostgreSQL's
     * {@code synchronous_commit = off} on the database); skips the calling test (or fails it with {@code CI=true})
     * when the server does not answer.
     */
    public static TestDatabase create(TestServer server) {
        return create(server, false);
    }

    /**
     * Makes a new, empty database on {@code server} that commits as the server is configured to (PostgreSQL: a
     * flush at every commit), for measurements that must compare with a production server; {@link #create} lets
     * a test's commits skip the wait.
     */
    public static TestDatabase createAsConfigured(TestServer server) {
        return create(server, true);
    }

    private static TestDatabase create(TestServer server, boolean asConfigured) {
        String name = NAME_PREFIX + Instant.now().getEpochSecond() + "_" + randomSuffix();
        try (Connection admin = server.connectAsAdmin(); Statement statement = admin.createStatement()) {
            dropLeftovers(server, admin);
            if (server == TestServer.POSTGRESQL) {
                statement.execute("CREATE DATABASE " + name);
                // A commit need not wait for the disk in a database dropped after the test: the tests check what
                // the store writes, not whether the server survives a power cut, and a flush per commit made the
                // database tests several times slower.
                if (!asConfigured) {
                    statement.execute("ALTER DATABASE " + name + " SET synchronous_commit = off");
                }
            } else {
                statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + " on " + server.description(), e);
        }
        return new TestDatabase(server, name, urlOf(server.adminUrl(), name));
    }

    /** The server. */
    public TestServer server() {
        return server;
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** Its JDBC URL, with the administrative URL's user and options. */
    public String url() {
        return url;
    }

    /** The same database through MySQL Connector/J ({@code jdbc:mysql:}); MariaDB only. */
    public String connectorJUrl() {
        if (server != TestServer.MARIADB) {
            throw new IllegalStateException("Connector/J is for MariaDB, not " + server.description());
        }
        String rest = url.substring("jdbc:mariadb:".length());
        return "jdbc:mysql:" + rest + (rest.contains("?") ? "&" : "?") + "sslMode=DISABLED";
    }

    /** A pooled data source (HikariCP, up to 10 connections) over {@link #url()}, shared by calls to this method. */
    public DataSource dataSource() {
        HikariDataSource shared = pool;
        if (shared == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = newDataSource(url, List.of(), 10);
                }
                shared = pool;
            }
        }
        return shared;
    }

    /**
     * A new pool of its own, closed with this database.
     *
     * @param jdbcUrl the URL to connect with, usually {@link #url()} or {@link #connectorJUrl()}
     * @param sessionStatements SQL run on each new connection (a session time zone, say)
     * @param maxConnections the pool's size
     */
    public HikariDataSource newDataSource(String jdbcUrl, List<String> sessionStatements, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("test-" + name + "-" + pools.size());
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        if (!sessionStatements.isEmpty()) {
            config.setConnectionInitSql(String.join("; ", sessionStatements));
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        pools.add(dataSource);
        return dataSource;
    }

    /** Runs statements on a connection of its own, with auto-commit. */
    public void execute(String... statements) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + List.of(statements) + " on " + name, e);
        }
    }

    /** Closes the pools and drops the database. */
    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        try (Connection admin = server.connectAsAdmin(); Statement statement = admin.createStatement()) {
            drop(server, statement, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + name + " on " + server.description(), e);
        }
    }

    @Override
    public String toString() {
        return server.description() + " database " + name;
    }

    private static void drop(TestServer server, Statement statement, String name) throws SQLException {
        statement.execute(server == TestServer.POSTGRESQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + name);
    }

    private static void dropLeftovers(TestServer server, Connection admin) throws SQLException {
        String list = server == TestServer.POSTGRESQL ? "SELECT datname FROM pg_database" : "SHOW DATABASES";
        List<String> old = new ArrayList<>();
        long cutoff = Instant.now().minus(Duration.ofHours(LEFTOVER_HOURS)).getEpochSecond();
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(list)) {
            while (rows.next()) {
                Matcher matcher = NAME.matcher(rows.getString(1));
                if (matcher.matches() && Long.parseLong(matcher.group(1)) < cutoff) {
                    old.add(matcher.group());
                }
            }
        }
        try (Statement statement = admin.createStatement()) {
            for (String name : old) {
                drop(server, statement, name);
            }
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    /** The admin URL with its database replaced by {@code name}: {@code jdbc:x://host:port/<name>?options}. */
    static String urlOf(String adminUrl, String name) {
        Matcher matcher = Pattern.compile("^(jdbc:[a-z]+://[^/?]+)/?([^?]*)(\\?.*)?$").matcher(adminUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("cannot tell the database in " + TestServer.shown(adminUrl)
                    + "; write jdbc:<driver>://host:port/<database>?options");
        }
        return matcher.group(1) + "/" + name.toLowerCase(Locale.ROOT) + (matcher.group(3) == null ? "" : matcher.group(3));
    }
}
