package dev.freshness.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks at start that the tables exist with every column the store uses, the schema version it expects and key
 * columns that compare text exactly, so that a missing migration fails once, at start, with the name of what is
 * missing, rather than on the first event of a job; and creates the tables when asked, safely when many nodes
 * start at once. An instance serves one start, on one thread.
 */
public final class SchemaCheck {

    /** The schema version this library reads and writes. */
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

    private final SqlDialect dialect;
    private final TableNames tables;
    private final String schemaResource;
    /** Whether the database takes names that differ only in case for one, asked once. */
    private Boolean namesIgnoreCase;

    /**
     * A check of {@code tables} as the DDL at {@code schemaResource} creates them on {@code dialect}'s database.
     *
     * @param schemaResource the class-path resource name of the DDL script
     */
    public SchemaCheck(SqlDialect dialect, TableNames tables, String schemaResource) {
        this.dialect = dialect;
        this.tables = tables;
        this.schemaResource = schemaResource;
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
     */
    public void createIfMissingAndVerify(Connection connection, Runnable creating) throws SQLException {
        boolean[] told = {false};
        for (int attempt = 1; ; attempt++) {
            try {
                dialect.createExclusively(connection, lockName(), () -> {
                    if (!schemaExists(connection)) {
                        if (!told[0]) {
                            creating.run();
                            told[0] = true;
                        }
                        createSchema(connection);
                    }
                });
                verify(connection);
                return;
            } catch (SQLException | IncompleteSchemaException e) {
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
     * Fails with an {@link IllegalStateException} naming the missing table or columns, the unexpected schema
     * version, or the key columns that do not compare text exactly (with the statement that fixes them).
     */
    public void verify(Connection connection) {
        requireColumns(connection, "schema_version", tables.schemaVersion(), List.of("version"));
        requireColumns(connection, "status", tables.status(), STATUS_COLUMNS);
        requireColumns(connection, "run", tables.run(), RUN_COLUMNS);
        requireExactKeys(connection);
        Integer version = readVersion(connection);
        if (version == null) {
            throw new IncompleteSchemaException("table " + tables.schemaVersion() + " holds no schema version; "
                    + "expected version " + SCHEMA_VERSION + ". " + remedy());
        }
        if (version != SCHEMA_VERSION) {
            throw new IllegalStateException("the Freshness tables are at schema version " + version + " in "
                    + tables.schemaVersion() + ", but this library uses version " + SCHEMA_VERSION
                    + (version > SCHEMA_VERSION ? ": upgrade the library" : ": " + remedy()));
        }
    }

    private void requireColumns(Connection connection, String suffix, String table, List<String> expected) {
        Set<String> present;
        try {
            if (!tableExists(connection, suffix)) {
                throw new IncompleteSchemaException("table " + table + " is missing. " + remedy());
            }
            present = columnsOf(connection, table);
        } catch (SQLException e) {
            throw new IllegalStateException("table " + table + " is missing or cannot be read (" + e.getMessage()
                    .strip() + "). " + remedy(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String column : expected) {
            if (!present.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("table " + table + " has no column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + ". " + remedy());
        }
    }

    /** Fails naming every key column whose collation does not compare text exactly, with its fix. */
    private void requireExactKeys(Connection connection) {
        List<String> problems = new ArrayList<>();
        for (String suffix : List.of("status", "run")) {
            String table = suffix.equals("status") ? tables.status() : tables.run();
            List<String> keyColumns = KEY_COLUMNS.get(suffix);
            try {
                problems.addAll(found(connection, dialect.describeColumns(), suffix, row -> {
                    String column = row.getString("column_name").toLowerCase(Locale.ROOT);
                    if (!keyColumns.contains(column)) {
                        return null;
                    }
                    String problem = dialect.nonBinaryComparison(row, table);
                    return problem == null ? null : "column " + table + "." + column + " " + problem;
                }).stream().filter(problem -> problem != null).sorted().toList());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the collations of the columns of " + table + " ("
                        + e.getMessage().strip() + ")", e);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tenant ids, dataset keys and run ids are case-sensitive, so their"
                    + " columns must compare text exactly (as the shipped DDL makes them), or two tenants whose ids"
                    + " differ only in case or accents would share one row: " + String.join("; ", problems));
        }
    }

    private static Set<String> columnsOf(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet empty = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData metaData = empty.getMetaData();
            Set<String> columns = new TreeSet<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                columns.add(metaData.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return columns;
        }
    }

    private Integer readVersion(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(tables.render(dialect.schemaVersion()))) {
            row.next();
            int version = row.getInt(1);
            return row.wasNull() ? null : version;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema version from " + tables.schemaVersion(), e);
        }
    }

    private String remedy() {
        return "Apply " + schemaResource + " (prefix '" + tables.prefix() + "'"
                + (tables.schema() == null ? "" : ", schema '" + tables.schema() + "'")
                + ") with your migration tool, or build the store with createSchemaIfMissing()";
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
