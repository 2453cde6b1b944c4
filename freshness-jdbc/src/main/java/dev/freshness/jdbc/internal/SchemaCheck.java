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
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks at start that the tables exist with every column the store uses and the schema version it expects,
 * so that a missing migration fails once, at start, with the name of what is missing, rather than on the first
 * event of a job.
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

    private final SqlDialect dialect;
    private final TableNames tables;
    private final String schemaResource;

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

    /** True when the schema version table exists: the schema was created. */
    public boolean schemaExists(Connection connection) throws SQLException {
        return tableExists(connection, "schema_version");
    }

    private boolean tableExists(Connection connection, String suffix) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(dialect.countTables())) {
            count.setString(1, tables.schema());
            count.setString(2, tables.prefix() + suffix);
            try (ResultSet row = count.executeQuery()) {
                return row.next() && row.getLong(1) > 0;
            }
        }
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
     * Fails with an {@link IllegalStateException} naming the missing table or columns, or the unexpected
     * schema version.
     */
    public void verify(Connection connection) {
        requireColumns(connection, "schema_version", tables.schemaVersion(), List.of("version"));
        requireColumns(connection, "status", tables.status(), STATUS_COLUMNS);
        requireColumns(connection, "run", tables.run(), RUN_COLUMNS);
        Integer version = readVersion(connection);
        if (version == null) {
            throw new IllegalStateException("table " + tables.schemaVersion() + " holds no schema version; "
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
                throw new IllegalStateException("table " + table + " is missing. " + remedy());
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
}
