package dev.freshness.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database server the tests run on. Its administrative URL (a connection allowed to create and drop
 * databases) comes from an environment variable, with a local default. When the server does not answer, a test
 * that needs it is skipped with a message, or fails when {@code CI=true}: on CI every server must run.
 */
public enum TestServer {

    /** PostgreSQL; databases are made from its {@code postgres} maintenance database. */
    POSTGRESQL("PostgreSQL", "FRESHNESS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
    /** MariaDB; a database is a schema, made from a connection to no database. */
    MARIADB("MariaDB", "FRESHNESS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");

    private final String description;
    private final String urlVariable;
    private final String defaultUrl;

    TestServer(String description, String urlVariable, String defaultUrl) {
        this.description = description;
        this.urlVariable = urlVariable;
        this.defaultUrl = defaultUrl;
    }

    /** What the server is, for messages. */
    public String description() {
        return description;
    }

    /** The administrative URL: the environment variable's value when set, otherwise the local default. */
    public String adminUrl() {
        String fromEnvironment = System.getenv(urlVariable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? defaultUrl : fromEnvironment;
    }

    /**
     * An administrative connection; skips the calling test (or, with {@code CI=true}, fails it) when the server
     * does not answer.
     */
    Connection connectAsAdmin() {
        try {
            return DriverManager.getConnection(adminUrl());
        } catch (SQLException e) {
            String message = description + " is not reachable at " + shown(adminUrl()) + " (" + e.getMessage()
                    + "); start the " + description + " server or set " + urlVariable;
            if (isCi()) {
                Assertions.fail(message + ". CI=true: the tests on real servers must run, not skip", e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    /** True when the server answers, without skipping anything. */
    public boolean isReachable() {
        try (Connection connection = DriverManager.getConnection(adminUrl())) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static String shown(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
