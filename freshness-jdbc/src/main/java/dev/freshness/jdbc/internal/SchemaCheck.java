package dev.freshness.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks at start that the tables exist with every column the store uses, the schema version it expects and key
 * columns that compare text exactly, so that a missing migration fails once, at start, with the name of what is
 * missing, rather than on the first event of a job; and creates the tables when asked, safely when many nodes
 * start at once. An instance serves one start, on one thread.
 */
public final class SchemaCheck {

    /**
     * The schema version this library reads and writes on every database; a database may be at a later one
     * ({@link SqlDialect#currentSchemaVersion()}).
     */
    public static final int SCHEMA_VERSION = 1;

    /** The columns of the status table the store reads and writes. */
    static final List<String> STATUS_COLUMNS = List.of("scope_key", "dataset_key",
            "last_start_at", "last_start_run_id",
            "last_success_at", "last_success_run_id", "last_success_records",
            "last_failure_at", "last_failure_run_id",
            "last_failure_error_type", "last_failure_error_message", "last_failure_root_cause");

    /** The columns of the run history table the store reads and writes. */
    static final List<String> RUN_COLUMNS = List.of("scope_key", "dataset_key", "run_id", "job_name",
            "started_at", "finished_at", "outcome", "records_affected",
            "error_type", "error_message", "error_root_cause", "last_activity_at");

    /**
     * The columns holding keys and run ids, which must compare text exactly: a collation that ignores case or
     * accents would merge two tenants (or datasets, or runs) into one row, and one that orders text otherwise than
     * Java would break the ties of the merge rules between run ids.
     */
    static final Map<String, List<String>> KEY_COLUMNS = Map.of(
            "status", List.of("scope_key", "dataset_key", "last_start_run_id", "last_success_run_id",
                    "last_failure_run_id"),
            "run", List.of("scope_key", "dataset_key", "run_id"));

    /** How often creating and checking is tried when another node is creating the same tables at the same time. */
    static final int CREATION_ATTEMPTS = 8;

    /**
     * The scope key, dataset key and run id of the row {@link #eventTriggerExists} inserts and rolls back: the
     * global scope's key and more, which no stored scope key is.
     */
    static final String PROBE_KEY = "*freshness-schema-check";

    /** How many sets of tables of another prefix or schema a message names at most. */
    static final int SUGGESTIONS = 3;

    private final SqlDialect dialect;
    private final TableNames tables;
    private final String schemaResource;
    private final String dialectName;
    private final MigrationRoutes routes;
    /** Whether the database takes names that differ only in case for one, asked once. */
    private Boolean namesIgnoreCase;

    /**
     * A check of {@code tables} as the DDL at {@code schemaResource} creates them on {@code dialect}'s database.
     *
     * @param schemaResource the class-path resource name of the DDL script
     * @param dialectName the name of the public {@code Dialect} constant, for the fix the messages give
     * @param routes the other ways to apply the schema that the messages name
     */
    public SchemaCheck(SqlDialect dialect, TableNames tables, String schemaResource, String dialectName,
            MigrationRoutes routes) {
        this.dialect = dialect;
        this.tables = tables;
        this.schemaResource = schemaResource;
        this.dialectName = dialectName;
        this.routes = routes;
    }

    /**
     * Where a migration tool finds the schema: the script with no placeholder for the default prefix, the Flyway
     * location and the Liquibase changelog.
     *
     * @param defaultPrefix the prefix the ready-to-run script is for
     * @param readyToRunResource the class-path resource name of that script
     * @param flywayLocation the Flyway location, {@code classpath:} included
     * @param liquibaseChangelog the class-path resource name of the Liquibase changelog
     */
    public record MigrationRoutes(String defaultPrefix, String readyToRunResource, String flywayLocation,
            String liquibaseChangelog) {
    }

    /**
     * Creates the schema when it is missing, then {@linkplain #verify checks} it, safely when other nodes do the
     * same at the same moment: the creation runs under the database's lock for these tables
     * ({@link SqlDialect#createExclusively}), which checks again whether they exist once it holds the lock. Where a
     * database offers no such lock to every process (H2 opened by several processes), a creation that collides with
     * another one ("already exists"), or a check that finds the tables half made, is tried again after a short
     * random pause, up to {@value #CREATION_ATTEMPTS} times, and an existing complete schema is accepted.
     *
     * @param creating called once before this node creates the tables (to log it)
     * @return what was verified, for the log
     */
    public String createIfMissingAndVerify(Connection connection, Runnable creating) throws SQLException {
        boolean[] told = {false};
        for (int attempt = 1; ; attempt++) {
            try {
                dialect.createExclusively(connection, lockName(), () -> {
                    // The script is idempotent: on tables of an earlier release it adds only what they lack.
                    if (!schemaExists(connection) || !eventTriggerExists(connection)) {
                        if (!told[0]) {
                            creating.run();
                            told[0] = true;
                        }
                        createSchema(connection);
                    }
                });
                return verify(connection);
            } catch (SQLException | IncompleteSchemaException e) {
                if (e instanceof SQLException denied && dialect.privilegeDenied(denied)) {
                    rollBackQuietly(connection);
                    throw new IllegalStateException("the Freshness tables (prefix '" + tables.prefix() + "', "
                            + (tables.schema() == null ? "the connection's schema" : "schema '" + tables.schema()
                            + "'") + ") are missing, and user " + dialect.currentUser(connection) + " may not create"
                            + " them: " + denied.getMessage().split("; SQL statement:")[0].strip()
                            .replaceAll("\\s+", " ") + ". Create them with your migration tool as a user that may, from "
                            + ddl() + ", or grant this user the privilege to create tables in the schema", e);
                }
                if (attempt >= CREATION_ATTEMPTS) {
                    throw e;
                }
                rollBackQuietly(connection);
                pause(attempt);
            }
        }
    }

    /** What the creation lock is named after: the schema (or the connection's) and the prefix. */
    private String lockName() {
        return (tables.schema() == null ? "" : tables.schema()) + "." + tables.prefix();
    }

    /** True when the schema version table exists: the schema was created. */
    public boolean schemaExists(Connection connection) throws SQLException {
        return tableExists(connection, "schema_version");
    }

    /**
     * True when the dialect's event trigger ({@link SqlDialect#eventTrigger()}) exists on the run table, or when it
     * needs none. The catalog shows a trigger only to a user with the TRIGGER privilege on its table, which the
     * store's user need not have; when it shows none, a start is inserted into the run table in a transaction that
     * is rolled back, and the trigger exists when the status got it. The probe's scope key starts with
     * {@code *}, the global scope's key, which no tenant id may, so that it meets no row of the store's.
     */
    public boolean eventTriggerExists(Connection connection) throws SQLException {
        if (dialect.eventTrigger() == null) {
            return true;
        }
        try (PreparedStatement query = connection.prepareStatement(dialect.findTrigger())) {
            query.setString(1, tables.schema());
            query.setString(2, eventTriggerName());
            query.setString(3, tables.prefix() + "run");
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    return true;
                }
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.run()
                + " (scope_key, dataset_key, run_id, started_at, last_activity_at) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement read = connection.prepareStatement("SELECT last_start_run_id FROM " + tables.status()
                     + " WHERE scope_key = ? AND dataset_key = ?")) {
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            insert.setString(1, PROBE_KEY);
            insert.setString(2, PROBE_KEY);
            insert.setString(3, PROBE_KEY);
            dialect.bindInstant(insert, 4, now);
            dialect.bindInstant(insert, 5, now);
            insert.executeUpdate();
            read.setString(1, PROBE_KEY);
            read.setString(2, PROBE_KEY);
            try (ResultSet row = read.executeQuery()) {
                return row.next() && PROBE_KEY.equals(row.getString(1));
            }
        } catch (SQLException e) {
            if (dialect.privilegeDenied(e)) {
                return false;
            }
            throw e;
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private String eventTriggerName() {
        return tables.prefix() + dialect.eventTrigger();
    }

    private boolean tableExists(Connection connection, String suffix) throws SQLException {
        return !found(connection, dialect.findTables(), suffix, row -> true).isEmpty();
    }

    /**
     * The rows of a catalog query for the table {@code <prefix><suffix>} whose schema and table name the database
     * takes for the store's own ({@link SqlDialect#tableNamesIgnoreCase}), each read by {@code reader}.
     */
    private <T> List<T> found(Connection connection, String sql, String suffix, CatalogRow<T> reader)
            throws SQLException {
        if (namesIgnoreCase == null) {
            namesIgnoreCase = dialect.tableNamesIgnoreCase(connection);
        }
        boolean ignoreCase = namesIgnoreCase;
        String table = tables.prefix() + suffix;
        List<T> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, tables.schema());
            query.setString(2, table);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String schema = row.getString("table_schema");
                    String name = row.getString("table_name");
                    boolean sameSchema = tables.schema() == null || (ignoreCase
                            ? tables.schema().equalsIgnoreCase(schema) : tables.schema().equals(schema));
                    boolean sameName = ignoreCase ? table.equalsIgnoreCase(name) : table.equals(name);
                    if (sameSchema && sameName) {
                        rows.add(reader.read(row));
                    }
                }
            }
        }
        return rows;
    }

    /** Creates the schema (when one is configured), the tables and the version row; idempotent. */
    public void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (tables.schema() != null) {
                statement.execute(dialect.createSchema().replace("${name}", tables.schema()));
            }
            for (String sql : SchemaScript.load(schemaResource).statements(tables.prefix(), tables.schema())) {
                statement.execute(sql);
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Checks everything the store needs, then fails once, with an {@link IllegalStateException} listing every
     * problem found: the missing tables (with the tables of another prefix or schema found instead), the missing
     * columns of the tables present, key columns that do not compare text exactly, the privileges this user lacks,
     * a missing or unexpected schema version; and after the list, the fixes (the DDL to apply, the GRANT to run).
     *
     * @return what was verified, for the log
     * @throws SQLException if the catalog cannot be read
     */
    public String verify(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> missingTables = new ArrayList<>();
        List<String> collations = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        boolean needsDdl = false;
        boolean incomplete = false;
        boolean versionReadable = false;
        int columnsChecked = 0;
        for (Table table : expectedTables()) {
            if (!tableExists(connection, table.suffix())) {
                missingTables.add(table.name());
                continue;
            }
            List<String> keyColumns = KEY_COLUMNS.getOrDefault(table.suffix(), List.of());
            Set<String> present = new TreeSet<>();
            for (Column column : found(connection, dialect.describeColumns(), table.suffix(), row -> {
                String name = row.getString("column_name").toLowerCase(Locale.ROOT);
                return new Column(name, keyColumns.contains(name) ? dialect.nonBinaryComparison(row, table.name()) : null);
            })) {
                present.add(column.name());
                if (column.problem() != null) {
                    collations.add("column " + table.name() + "." + column.name() + " " + column.problem());
                }
            }
            List<String> missingColumns = table.columns().stream().filter(name -> !present.contains(name)).toList();
            columnsChecked += table.columns().size();
            if (!missingColumns.isEmpty()) {
                needsDdl = true;
                problems.add("table " + table.name() + " has no column" + (missingColumns.size() > 1 ? "s " : " ")
                        + String.join(", ", missingColumns));
                continue;
            }
            List<String> lacking = dialect.missingPrivileges(connection, table.name(), table.requiredColumns(),
                    table.privileges());
            if (!lacking.isEmpty()) {
                String user = dialect.currentUser(connection);
                problems.add("user " + user + " lacks " + String.join(", ", lacking) + " on " + table.name());
                grants.add("GRANT " + String.join(", ", lacking) + " ON " + table.name() + " TO " + user);
            } else if (table.suffix().equals("schema_version")) {
                versionReadable = true;
            }
        }
        boolean triggerChecked = false;
        // Probing the trigger takes the privileges on the tables: with one missing, the GRANT comes first.
        if (dialect.eventTrigger() != null && missingTables.isEmpty() && grants.isEmpty() && !needsDdl) {
            triggerChecked = true;
            if (!eventTriggerExists(connection)) {
                needsDdl = true;
                problems.add("trigger " + tables.schemaQualifier() + eventTriggerName() + " on " + tables.run()
                        + " is missing: the store writes each event with one statement into " + tables.run()
                        + ", and this trigger merges it into " + tables.status() + " (it came with version 0.2: the"
                        + " migration V2__freshness_status_trigger.sql, the Liquibase changeSet"
                        + " freshness-schema-2-mysql-mariadb). The user who creates it needs the TRIGGER privilege on "
                        + tables.run() + " and, when binary logging is on, SUPER (MySQL) or"
                        + " log_bin_trust_function_creators = 1");
            }
        }
        if (!missingTables.isEmpty()) {
            needsDdl = true;
            incomplete = true;
            problems.add((missingTables.size() == 1 ? "table " : "tables ") + String.join(", ", missingTables)
                    + (missingTables.size() == 1 ? " is" : " are") + " missing");
        }
        if (!collations.isEmpty()) {
            problems.add("tenant ids, dataset keys and run ids are case-sensitive, so their columns must compare text"
                    + " exactly (as the shipped DDL makes them), or two tenants whose ids differ only in case or"
                    + " accents would share one row: " + String.join("; ", collations.stream().sorted().toList()));
        }
        Integer version = null;
        String olderVersion = "";
        int current = dialect.currentSchemaVersion();
        int oldest = dialect.oldestWorkingSchemaVersion();
        if (versionReadable) {
            version = readVersion(connection);
            if (version == null) {
                needsDdl = true;
                incomplete = true;
                problems.add("table " + tables.schemaVersion() + " holds no schema version; expected version "
                        + current);
            } else if (version > current) {
                problems.add("the tables are at schema version " + version + " in " + tables.schemaVersion()
                        + ", but this library uses version " + current + ": upgrade the library");
            } else if (version < oldest) {
                needsDdl = true;
                problems.add("the tables are at schema version " + version + " in " + tables.schemaVersion()
                        + ", but this library uses version " + current);
            } else if (version < current) {
                // Works unchanged, only slower: a rolling upgrade deploys the library first, migrates later.
                olderVersion = " (this library works on it, but uses version " + current + ": "
                        + dialect.whatMigrationsBring() + "; run it with Flyway from " + routes.flywayLocation()
                        + " or with Liquibase from " + routes.liquibaseChangelog() + ")";
            }
        }
        if (problems.isEmpty()) {
            return "tables " + tables.status() + ", " + tables.run() + " and " + tables.schemaVersion()
                    + " verified: " + columnsChecked + " columns, key columns that compare text exactly, privileges "
                    + "SELECT, INSERT, UPDATE and DELETE, " + (triggerChecked ? "trigger " + eventTriggerName()
                    + ", " : "") + "schema version " + version + olderVersion;
        }
        StringBuilder message = new StringBuilder("the Freshness tables (prefix '").append(tables.prefix())
                .append("', ").append(tables.schema() == null ? "the connection's schema" : "schema '"
                        + tables.schema() + "'").append(") are not ready: ").append(String.join("; ", problems))
                .append('.');
        if (!missingTables.isEmpty()) {
            for (String elsewhere : foundElsewhere(connection)) {
                message.append(' ').append(elsewhere);
            }
        }
        if (needsDdl) {
            message.append(' ').append(remedy());
        }
        if (!grants.isEmpty()) {
            message.append(" Grant what is missing: ").append(String.join("; ", grants)).append('.');
        }
        throw incomplete ? new IncompleteSchemaException(message.toString())
                : new IllegalStateException(message.toString());
    }

    /** The tables in the order they are checked, with what each must have. */
    private List<Table> expectedTables() {
        return List.of(
                new Table("schema_version", tables.schemaVersion(), List.of("version"), List.of("version"),
                        List.of("SELECT")),
                new Table("status", tables.status(), STATUS_COLUMNS, List.of("scope_key", "dataset_key"),
                        List.of("SELECT", "INSERT", "UPDATE")),
                new Table("run", tables.run(), RUN_COLUMNS,
                        List.of("scope_key", "dataset_key", "run_id", "last_activity_at"),
                        List.of("SELECT", "INSERT", "UPDATE", "DELETE")));
    }

    /**
     * Sentences naming the tables that look like the store's (a status and a run table with one prefix) under
     * another prefix in the same schema, or under the same prefix in another schema; at most {@value #SUGGESTIONS},
     * the same schema first.
     */
    private List<String> foundElsewhere(Connection connection) throws SQLException {
        if (namesIgnoreCase == null) {
            namesIgnoreCase = dialect.tableNamesIgnoreCase(connection);
        }
        String current = tables.schema() != null ? tables.schema() : dialect.currentSchema(connection);
        Map<String, Set<String>> bySchema = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(dialect.findStoreLikeTables())) {
            while (row.next()) {
                bySchema.computeIfAbsent(named(row.getString("table_schema")), schema -> new TreeSet<>())
                        .add(named(row.getString("table_name")));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        bySchema.forEach((schema, names) -> {
            for (String name : names) {
                if (!name.endsWith("status")) {
                    continue;
                }
                String prefix = name.substring(0, name.length() - "status".length());
                if (!names.contains(prefix + "run") || !validPrefix(prefix)) {
                    continue;
                }
                boolean sameSchema = same(schema, current);
                boolean samePrefix = same(prefix, tables.prefix());
                // Tables differing in both would be a guess, and on a server shared by many applications, noise.
                if (sameSchema != samePrefix) {
                    candidates.add(new Candidate(schema, prefix, sameSchema));
                }
            }
        });
        candidates.sort(Comparator.comparing(candidate -> !candidate.sameSchema()));
        List<String> sentences = new ArrayList<>();
        for (Candidate candidate : candidates.subList(0, Math.min(SUGGESTIONS, candidates.size()))) {
            String setting = candidate.sameSchema() ? "withTablePrefix(\"" + candidate.prefix() + "\")"
                    : "inSchema(\"" + candidate.schema() + "\")";
            sentences.add("Found " + candidate.prefix() + "status in schema " + candidate.schema()
                    + "; did you mean " + setting + "?");
        }
        return sentences;
    }

    /** A name as the database compares it: in lower case where it ignores case. */
    private String named(String name) {
        return namesIgnoreCase ? name.toLowerCase(Locale.ROOT) : name;
    }

    private boolean same(String name, String other) {
        return other != null && (namesIgnoreCase ? name.equalsIgnoreCase(other) : name.equals(other));
    }

    private static boolean validPrefix(String prefix) {
        try {
            SqlIdentifiers.checkTablePrefix(prefix);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Integer readVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(tables.render(dialect.schemaVersion()))) {
            row.next();
            int version = row.getInt(1);
            return row.wasNull() ? null : version;
        }
    }

    private String remedy() {
        return "Create or migrate the tables with your migration tool from " + ddl()
                + ", or build the store with createSchemaIfMissing().";
    }

    /** Where the DDL for these tables is, for each way of applying it. */
    private String ddl() {
        String script = tables.prefix().equals(routes.defaultPrefix()) && tables.schema() == null
                ? "the script " + routes.readyToRunResource() + " as it is (psql -v ON_ERROR_STOP=1 -f, mariadb <), or "
                : "";
        return script + "Dialect." + dialectName + ".schemaScript(\"" + tables.prefix() + "\", "
                + (tables.schema() == null ? "null" : "\"" + tables.schema() + "\"") + ") (the resource "
                + schemaResource + " with its ${schema} and ${prefix} placeholders filled in), or the Flyway location "
                + routes.flywayLocation() + " or the Liquibase changelog " + routes.liquibaseChangelog()
                + " with freshness_prefix '" + tables.prefix() + "' and freshness_schema '"
                + (tables.schema() == null ? "" : tables.schema() + ".") + "'";
    }

    private static void rollBackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // The next attempt fails on this connection anyway, with its own error.
        }
    }

    /** A short random pause, longer with each attempt, so that nodes that collided do not collide again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt + ThreadLocalRandom.current().nextLong(50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to create the Freshness tables", e);
        }
    }

    /**
     * A table the store uses: its suffix and name, its columns, those with no default, the privileges it needs.
     */
    private record Table(String suffix, String name, List<String> columns, List<String> requiredColumns,
                         List<String> privileges) {
    }

    /** A column found in the catalog, and why it does not compare text exactly (null when it does). */
    private record Column(String name, String problem) {
    }

    /** Tables that look like the store's, with another prefix or in another schema. */
    private record Candidate(String schema, String prefix, boolean sameSchema) {
    }

    /** Reads one row of a catalog query. */
    @FunctionalInterface
    private interface CatalogRow<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * A table or the version row is missing: when the store creates the tables, another node may be creating them
     * right now, so the check is tried again.
     */
    static final class IncompleteSchemaException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        IncompleteSchemaException(String message) {
            super(message);
        }
    }
}
