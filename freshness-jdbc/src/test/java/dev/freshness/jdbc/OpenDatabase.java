package dev.freshness.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * A database of one test class's own (see {@link DatabaseSetup#open()}), behind a HikariCP pool whose connections
 * run the setup's session statement. {@link #close()} closes the pool and drops the database.
 */
final class OpenDatabase implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseSetup setup;
    private final String url;
    private final HikariDataSource dataSource;
    private final TestDatabase serverDatabase;
    /** What close() undoes, last first. */
    private final Deque<AutoCloseable> cleanUp = new ArrayDeque<>();

    private OpenDatabase(DatabaseSetup setup, String url, HikariDataSource dataSource, TestDatabase serverDatabase) {
        this.setup = setup;
        this.url = url;
        this.dataSource = dataSource;
        this.serverDatabase = serverDatabase;
    }

    static OpenDatabase open(DatabaseSetup setup) {
        return switch (setup) {
            case H2_MEMORY -> openH2(setup, "jdbc:h2:mem:freshness_" + randomName() + ";DB_CLOSE_DELAY=-1", null);
            case H2_FILE -> {
                Path directory = temporaryDirectory();
                yield openH2(setup, "jdbc:h2:file:" + directory.resolve("freshness") + ";DB_CLOSE_DELAY=-1", directory);
            }
            case POSTGRESQL, MARIADB, MARIADB_CONNECTOR_J -> openOnServer(setup);
        };
    }

    private static OpenDatabase openH2(DatabaseSetup setup, String url, Path directory) {
        OpenDatabase database = new OpenDatabase(setup, url, pool(url, setup.sessionStatement(), "h2"), null);
        database.cleanUp.push(() -> {
            if (directory != null) {
                deleteRecursively(directory);
            }
        });
        database.cleanUp.push(() -> {
            // DB_CLOSE_DELAY=-1 keeps the database open with no connection: SHUTDOWN closes it for good.
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        });
        database.cleanUp.push(database.dataSource);
        return database;
    }

    private static OpenDatabase openOnServer(DatabaseSetup setup) {
        TestDatabase serverDatabase = TestDatabase.create(setup.server());
        try {
            String url = setup == DatabaseSetup.MARIADB_CONNECTOR_J ? serverDatabase.connectorJUrl() : serverDatabase.url();
            HikariDataSource pool = serverDatabase.newDataSource(url, List.of(setup.sessionStatement()), 10);
            OpenDatabase database = new OpenDatabase(setup, url, pool, serverDatabase);
            database.cleanUp.push(serverDatabase);
            return database;
        } catch (RuntimeException e) {
            serverDatabase.close();
            throw e;
        }
    }

    /** A HikariCP pool of up to 10 connections, each running {@code sessionStatement} first. */
    static HikariDataSource pool(String url, String sessionStatement, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("test-" + name + "-" + randomName());
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setConnectionInitSql(sessionStatement);
        return new HikariDataSource(config);
    }

    /** The setup this database was opened for. */
    DatabaseSetup setup() {
        return setup;
    }

    /** The pooled data source. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL the pool connects with. */
    String url() {
        return url;
    }

    /** The database on the server, or null for H2. */
    TestDatabase serverDatabase() {
        return serverDatabase;
    }

    /** The dialect the store should detect. */
    Dialect expectedDialect() {
        return setup.expectedDialect();
    }

    /**
     * A schema of this test's own besides the default one, for {@code inSchema}: a schema inside the database on
     * H2 and PostgreSQL; on MariaDB, where a schema is a database, another database with a random name, dropped
     * with this one.
     */
    String otherSchema() {
        if (setup.server() != TestServer.MARIADB) {
            return "freshness_ops";
        }
        TestDatabase other = TestDatabase.create(TestServer.MARIADB);
        cleanUp.push(other);
        return other.name();
    }

    /** A store over fresh, empty tables named with {@code prefix}: created when missing, emptied otherwise. */
    JdbcFreshnessStore emptyStore(String prefix) {
        return emptyStore(JdbcFreshnessStore.using(dataSource).withTablePrefix(prefix));
    }

    /** Builds {@code builder} with the schema created when missing, then empties its tables. */
    JdbcFreshnessStore emptyStore(JdbcFreshnessStore.Builder builder) {
        JdbcFreshnessStore store = builder.createSchemaIfMissing().build();
        String qualifier = store.schema().map(schema -> schema + ".").orElse("");
        execute("DELETE FROM " + qualifier + store.tablePrefix() + "run",
                "DELETE FROM " + qualifier + store.tablePrefix() + "status");
        return store;
    }

    /** Runs statements on a connection of its own, with auto-commit. */
    void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + List.of(statements) + " on " + setup.description(), e);
        }
    }

    /** The first column of each row {@code query} returns, as text, read on a connection of its own. */
    List<String> firstColumn(String query) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + query + " on " + setup.description(), e);
        }
    }

    /** Drops the store's tables (and nothing else) named with {@code qualifiedPrefix}, if they exist. */
    void dropTables(String qualifiedPrefix) {
        execute("DROP TABLE IF EXISTS " + qualifiedPrefix + "run",
                "DROP TABLE IF EXISTS " + qualifiedPrefix + "status",
                "DROP TABLE IF EXISTS " + qualifiedPrefix + "schema_version");
    }

    /** Closes the pool and drops the database, and whatever else it made. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!cleanUp.isEmpty()) {
            try {
                cleanUp.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot clean up " + this, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return setup.description() + (serverDatabase == null ? " " + url : " database " + serverDatabase.name());
    }

    static String randomName() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("freshness-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
