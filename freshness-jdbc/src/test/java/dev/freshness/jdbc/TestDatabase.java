package dev.freshness.jdbc;

import dev.freshness.testkit.PooledDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The databases the tests run on. Server URLs come from environment variables with local defaults; when a
 * server does not answer, its tests are skipped with a message, or fail when {@code CI=true}.
 *
 * <p>Every session runs in a time zone away from UTC (the JVM runs in Asia/Kolkata, see the surefire
 * configuration), so that a time-zone conversion anywhere would show as a shifted instant.
 */
enum TestDatabase {

    H2_MEMORY("H2 in memory", null, null,
            "jdbc:h2:mem:freshness;DB_CLOSE_DELAY=-1",
            List.of("SET TIME ZONE 'America/St_Johns'")),
    H2_FILE("H2 file", null, null,
            "jdbc:h2:file:" + Path.of("target", "h2", "freshness").toAbsolutePath() + ";DB_CLOSE_DELAY=-1",
            List.of("SET TIME ZONE 'America/St_Johns'")),
    POSTGRESQL("PostgreSQL", "FRESHNESS_POSTGRES_URL", "PostgreSQL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            List.of("SET TIME ZONE 'America/St_Johns'")),
    MARIADB("MariaDB (MariaDB driver)", "FRESHNESS_MARIADB_URL", "MariaDB",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root",
            List.of("SET time_zone = '-03:30'")),
    MARIADB_CONNECTOR_J("MariaDB (MySQL Connector/J)", "FRESHNESS_MARIADB_MYSQL_URL", "MariaDB",
            "jdbc:mysql://127.0.0.1:3306/test?user=root&sslMode=DISABLED",
            List.of("SET time_zone = '+05:45'"));

    private static final Map<TestDatabase, PooledDataSource> POOLS = new ConcurrentHashMap<>();

    private final String description;
    private final String urlVariable;
    private final String server;
    private final String defaultUrl;
    private final List<String> sessionStatements;

    TestDatabase(String description, String urlVariable, String server, String defaultUrl,
                 List<String> sessionStatements) {
        this.description = description;
        this.urlVariable = urlVariable;
        this.server = server;
        this.defaultUrl = defaultUrl;
        this.sessionStatements = sessionStatements;
    }

    /** The pooled data source of this database; skips (or, in CI, fails) the test when the server is down. */
    PooledDataSource dataSource() {
        PooledDataSource pool = POOLS.computeIfAbsent(this, database -> new PooledDataSource(database.url(),
                database.sessionStatements));
        try (Connection probe = pool.getConnection()) {
            probe.isValid(2);
        } catch (SQLException e) {
            String shownUrl = pool.url().replaceAll("(?i)(password=)[^&;]*", "$1***");
            String message = description + " is not reachable at " + shownUrl + " (" + e.getMessage() + "); start the "
                    + server + " server or set " + urlVariable;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ". CI=true: the tests on real servers must run, not skip", e);
            }
            Assumptions.abort(message);
        }
        return pool;
    }

    /** What the database is, for messages. */
    String description() {
        return description;
    }

    /** The URL the tests use: the environment variable's value when set, otherwise the local default. */
    String url() {
        String fromEnvironment = urlVariable == null ? null : System.getenv(urlVariable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? defaultUrl : fromEnvironment;
    }

    /** The dialect the store should detect. */
    Dialect expectedDialect() {
        return switch (this) {
            case H2_MEMORY, H2_FILE -> Dialect.H2;
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB, MARIADB_CONNECTOR_J -> Dialect.MARIADB;
        };
    }

    /**
     * A store over fresh, empty tables named with {@code prefix}: created when missing, emptied otherwise.
     */
    JdbcFreshnessStore emptyStore(String prefix) {
        return emptyStore(JdbcFreshnessStore.using(dataSource()).withTablePrefix(prefix));
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
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + List.of(statements) + " on " + description, e);
        }
    }

    /** Drops the store's tables (and nothing else) named with {@code prefix}, if they exist. */
    void dropTables(String qualifiedPrefix) {
        execute("DROP TABLE IF EXISTS " + qualifiedPrefix + "run",
                "DROP TABLE IF EXISTS " + qualifiedPrefix + "status",
                "DROP TABLE IF EXISTS " + qualifiedPrefix + "schema_version");
    }
}
