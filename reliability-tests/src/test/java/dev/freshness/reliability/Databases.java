package dev.freshness.reliability;

import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testkit.PooledDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database servers these tests run on, reached as {@code freshness-jdbc}'s tests reach them: the URL from an
 * environment variable or a local default; a test is skipped when its server does not answer, and fails instead
 * when {@code CI=true}. Every table these tests create starts with {@value #PREFIX}.
 */
enum Databases {

    H2("H2 in memory", null, "jdbc:h2:mem:rel;DB_CLOSE_DELAY=-1"),
    POSTGRESQL("PostgreSQL", "FRESHNESS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
    MARIADB("MariaDB", "FRESHNESS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    /** The prefix of every table of this module, so that it never meets another module's tables. */
    static final String PREFIX = "rel_";

    private static final Map<Databases, PooledDataSource> POOLS = new ConcurrentHashMap<>();

    private final String description;
    private final String urlVariable;
    private final String defaultUrl;

    Databases(String description, String urlVariable, String defaultUrl) {
        this.description = description;
        this.urlVariable = urlVariable;
        this.defaultUrl = defaultUrl;
    }

    /** The shared pool of this server; skips (or, with {@code CI=true}, fails) the test when it does not answer. */
    PooledDataSource dataSource() {
        PooledDataSource pool = POOLS.computeIfAbsent(this, database -> new PooledDataSource(database.url(), List.of()));
        requireReachable(pool);
        return pool;
    }

    /** A new pool of its own, for a test that breaks or closes its connections. */
    PooledDataSource newDataSource() {
        PooledDataSource pool = new PooledDataSource(url(), List.of());
        requireReachable(pool);
        return pool;
    }

    /** The JDBC URL: the environment variable's value when set, otherwise the local default. */
    String url() {
        String fromEnvironment = urlVariable == null ? null : System.getenv(urlVariable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? defaultUrl : fromEnvironment;
    }

    /** A store over empty tables named {@code rel_<name>_}: created when missing, emptied otherwise. */
    JdbcFreshnessStore emptyStore(String name) {
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource()).withTablePrefix(PREFIX + name + "_")
                .createSchemaIfMissing().build();
        execute("DELETE FROM " + store.tablePrefix() + "run", "DELETE FROM " + store.tablePrefix() + "status");
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

    private void requireReachable(PooledDataSource pool) {
        try (Connection probe = pool.getConnection()) {
            probe.isValid(2);
        } catch (SQLException e) {
            String shownUrl = pool.url().replaceAll("(?i)(password=)[^&;]*", "$1***");
            String message = description + " is not reachable at " + shownUrl + " (" + e.getMessage() + "); start the "
                    + description + " server or set " + urlVariable;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ". CI=true: the tests on real servers must run, not skip", e);
            }
            Assumptions.abort(message);
        }
    }
}
