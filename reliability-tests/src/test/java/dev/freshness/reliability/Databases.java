package dev.freshness.reliability;

import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;

/**
 * The databases these tests run on. Every test makes a database of its own ({@link #open()}): on the servers a
 * {@link TestDatabase} (random name, dropped on close), reached as {@code freshness-jdbc}'s tests reach them (the
 * administrative URL from {@code FRESHNESS_POSTGRES_URL} / {@code FRESHNESS_MARIADB_URL} or a local default; a
 * test is skipped when its server does not answer, and fails instead when {@code CI=true}); on H2 an in-memory
 * database with a random name. No two tests, and no two checkouts sharing the servers, ever see each other's
 * tables. Every table these tests create starts with {@value #PREFIX}.
 */
enum Databases {

    H2("H2 in memory", null),
    POSTGRESQL("PostgreSQL", TestServer.POSTGRESQL),
    MARIADB("MariaDB", TestServer.MARIADB);

    /** The prefix of every table of this module. */
    static final String PREFIX = "rel_";

    private final String description;
    private final TestServer server;

    Databases(String description, TestServer server) {
        this.description = description;
        this.server = server;
    }

    /** A new, empty database of the caller's own, dropped (or, on H2, shut down) by {@link OwnDatabase#close()}. */
    OwnDatabase open() {
        return server == null ? OwnDatabase.h2InMemory(this) : OwnDatabase.on(this, TestDatabase.create(server));
    }

    /** The server, or null for H2. */
    TestServer server() {
        return server;
    }

    @Override
    public String toString() {
        return description;
    }
}
