package dev.freshness.jdbc;

import dev.freshness.testsupport.TestServer;

/**
 * The databases the tests run on: H2 in memory and in a file, PostgreSQL, and MariaDB through its own driver and
 * through MySQL Connector/J. {@link #open()} makes a database of the test's own, which nothing else sees.
 *
 * <p>Every session runs in a time zone away from UTC, and away from the JVM's (Asia/Kolkata, see the surefire
 * configuration), so that a time-zone conversion anywhere would show as a shifted instant.
 */
enum DatabaseSetup {

    H2_MEMORY("H2 in memory", Dialect.H2, null, "SET TIME ZONE 'America/St_Johns'"),
    H2_FILE("H2 file", Dialect.H2, null, "SET TIME ZONE 'America/St_Johns'"),
    POSTGRESQL("PostgreSQL", Dialect.POSTGRESQL, TestServer.POSTGRESQL, "SET TIME ZONE 'America/St_Johns'"),
    MARIADB("MariaDB (MariaDB driver)", Dialect.MARIADB, TestServer.MARIADB, "SET time_zone = '-03:30'"),
    MARIADB_CONNECTOR_J("MariaDB (MySQL Connector/J)", Dialect.MARIADB, TestServer.MARIADB, "SET time_zone = '+05:45'");

    private final String description;
    private final Dialect dialect;
    private final TestServer server;
    private final String sessionStatement;

    DatabaseSetup(String description, Dialect dialect, TestServer server, String sessionStatement) {
        this.description = description;
        this.dialect = dialect;
        this.server = server;
        this.sessionStatement = sessionStatement;
    }

    /**
     * A new, empty database of the caller's own: an in-memory H2 database with a random name, an H2 file in a new
     * temporary directory, or a database with a random name on the server (the test is skipped when the server
     * does not answer, and fails when {@code CI=true}).
     */
    OpenDatabase open() {
        return OpenDatabase.open(this);
    }

    /** What the database is, for messages. */
    String description() {
        return description;
    }

    /** The dialect the store should detect. */
    Dialect expectedDialect() {
        return dialect;
    }

    /** The server, or null for H2. */
    TestServer server() {
        return server;
    }

    /** The statement each new connection runs: a session time zone away from UTC. */
    String sessionStatement() {
        return sessionStatement;
    }

    @Override
    public String toString() {
        return description;
    }
}
