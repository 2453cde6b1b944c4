package dev.freshness.jdbc;

import dev.freshness.jdbc.internal.H2Dialect;
import dev.freshness.jdbc.internal.MariaDbDialect;
import dev.freshness.jdbc.internal.MySqlDialect;
import dev.freshness.jdbc.internal.PostgresDialect;
import dev.freshness.jdbc.internal.SchemaScript;
import dev.freshness.jdbc.internal.SqlDialect;
import dev.freshness.jdbc.internal.SqlIdentifiers;

import java.util.Locale;

/**
 * The databases the JDBC store speaks. The store picks one from the JDBC driver's product name; set one with
 * {@link JdbcFreshnessStore.Builder#withDialect(Dialect)} when detection cannot tell (a proxy driver, say).
 *
 * <p>Each dialect's DDL ships in the jar in three forms: ready to run with the default table prefix and no schema
 * ({@link #readyToRunResource()}, for {@code psql -f} or the {@code mariadb} client); as Flyway migrations
 * ({@link #flywayLocation()}) and a Liquibase changelog ({@link #LIQUIBASE_CHANGELOG}), which take the prefix and
 * schema as placeholders {@code freshness_prefix} and {@code freshness_schema}; and as a template
 * ({@link #schemaResource()}) that {@link #schemaScript(String, String)} renders for any prefix and schema. MySQL and
 * MariaDB share one script, {@code mysql-mariadb.sql}: their tables are the same.
 */
public enum Dialect {

    /** H2 2.x, embedded or server. */
    H2("h2.sql"),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql.sql"),
    /** MySQL 8.0.29 or later (the DDL's {@code CREATE TRIGGER IF NOT EXISTS}); the same DDL as MariaDB. */
    MYSQL("mysql-mariadb.sql"),
    /** MariaDB 10.5 or later; the same DDL as MySQL. */
    MARIADB("mysql-mariadb.sql");

    /**
     * Where the DDL scripts are on the class path. It is no Java package name, so that a module system never
     * hides the scripts from a migration tool.
     */
    static final String SCHEMA_DIRECTORY = "META-INF/freshness/jdbc/schema/";

    /** Where the migrations for Flyway and Liquibase are on the class path, one directory per database. */
    static final String MIGRATIONS_DIRECTORY = "META-INF/freshness/jdbc/migrations/";

    /**
     * The Liquibase changelog of the store's tables, a class-path resource to include from your own changelog
     * ({@code <include file="META-INF/freshness/jdbc/migrations/liquibase-changelog.xml"/>}). It holds one changeSet
     * per schema version and database, and takes the parameters {@code freshness_prefix} (default
     * {@value JdbcFreshnessStore#DEFAULT_TABLE_PREFIX}) and {@code freshness_schema} (default empty; otherwise a
     * schema name and a dot).
     */
    public static final String LIQUIBASE_CHANGELOG = MIGRATIONS_DIRECTORY + "liquibase-changelog.xml";

    private final String fileName;

    Dialect(String fileName) {
        this.fileName = fileName;
    }

    /**
     * Where this dialect's DDL template lives on the class path, as a resource name for
     * {@link ClassLoader#getResource(String)}, such as {@code META-INF/freshness/jdbc/schema/postgresql.sql} (MySQL
     * and MariaDB share {@code mysql-mariadb.sql}). The template holds two placeholders: <code>${schema}</code>
     * (empty, or a schema name and a dot) and <code>${prefix}</code> (the table prefix), which
     * {@link #schemaScript(String, String)} fills in. Flyway and Liquibase take {@link #flywayLocation()} and
     * {@link #LIQUIBASE_CHANGELOG} instead; a client such as {@code psql} takes {@link #readyToRunResource()}.
     */
    public String schemaResource() {
        return SCHEMA_DIRECTORY + fileName;
    }

    /**
     * This dialect's DDL for the default table prefix ({@value JdbcFreshnessStore#DEFAULT_TABLE_PREFIX}) in the
     * connection's schema, with no placeholder left, as a class-path resource name such as
     * {@code META-INF/freshness/jdbc/schema/ready/postgresql.sql}: what {@code psql -v ON_ERROR_STOP=1 -f} and
     * {@code mariadb <} run as it is. It equals {@code schemaScript(DEFAULT_TABLE_PREFIX, null)} and is idempotent.
     */
    public String readyToRunResource() {
        return SCHEMA_DIRECTORY + "ready/" + fileName;
    }

    /**
     * This dialect's Flyway location, such as {@code classpath:META-INF/freshness/jdbc/migrations/postgresql}: add it
     * to the locations of a Flyway of its own (with a history table of its own) and set the placeholders
     * {@code freshness_prefix} and {@code freshness_schema} (empty, or a schema name and a dot). Version 1 creates
     * the tables and the schema version row exactly as {@link JdbcFreshnessStore.Builder#createSchemaIfMissing()}
     * does; each later change is a migration of its own (on MySQL and MariaDB, {@code V2__freshness_status_trigger.sql}
     * adds the trigger that merges each event into the status).
     */
    public String flywayLocation() {
        return "classpath:" + MIGRATIONS_DIRECTORY + fileName.substring(0, fileName.length() - ".sql".length());
    }

    /**
     * This dialect's DDL with the placeholders filled in: every statement that creates the tables, their
     * indexes and the schema version row, separated by semicolons. It is idempotent ({@code IF NOT EXISTS}).
     *
     * @param tablePrefix the table prefix, such as {@value JdbcFreshnessStore#DEFAULT_TABLE_PREFIX}; validated
     *     as an SQL identifier
     * @param schema the schema (database, on MySQL and MariaDB) that holds the tables, or null for the
     *     connection's default; validated as an SQL identifier
     * @throws IllegalArgumentException if the prefix or schema is not a plain SQL identifier
     */
    public String schemaScript(String tablePrefix, String schema) {
        SqlIdentifiers.checkTablePrefix(tablePrefix);
        if (schema != null) {
            SqlIdentifiers.checkSchema(schema);
        }
        return SchemaScript.load(schemaResource()).render(tablePrefix, schema);
    }

    /** The SQL this dialect runs. */
    SqlDialect sql() {
        return switch (this) {
            case H2 -> new H2Dialect();
            case POSTGRESQL -> new PostgresDialect();
            case MYSQL -> new MySqlDialect();
            case MARIADB -> new MariaDbDialect();
        };
    }

    /**
     * The dialect for a database, from what its driver reports ({@link java.sql.DatabaseMetaData}). MySQL
     * Connector/J reports a MariaDB server as {@code MySQL}; the server version tells them apart.
     *
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
     * @param productVersion {@link java.sql.DatabaseMetaData#getDatabaseProductVersion()}, may be null
     * @throws IllegalArgumentException if the database is not one of the supported ones, naming it
     */
    public static Dialect detect(String productName, String productVersion) {
        String name = productName == null ? "" : productName.trim().toLowerCase(Locale.ROOT);
        String version = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.equals("postgresql")) {
            return POSTGRESQL;
        }
        if (name.equals("mariadb") || (name.equals("mysql") && version.contains("mariadb"))) {
            return MARIADB;
        }
        if (name.equals("mysql")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("database '" + productName + "' (version " + productVersion
                + ") is not supported by the Freshness JDBC store; supported are H2, PostgreSQL, MySQL and"
                + " MariaDB. If it is compatible with one of them, name it with withDialect(Dialect.X)");
    }
}
