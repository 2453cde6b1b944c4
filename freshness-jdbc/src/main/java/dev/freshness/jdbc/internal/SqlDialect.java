package dev.freshness.jdbc.internal;

import dev.freshness.jdbc.Dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between databases: how an event is merged (each database's own atomic upsert, with the merge
 * rules of {@link dev.freshness.spi.EventMerge} written as SQL conditions), how instants are bound and read,
 * and how the database clock is asked. Reads are plain SQL and shared.
 *
 * <p>Statements use named parameters: {@code :scope :dataset :run :at :job :records :outcome :errorType
 * :errorMessage :errorRootCause}; a statement may leave some of them unused.
 */
public abstract class SqlDialect {

    /** Columns of the status table, in the order the reads select them. */
    static final List<String> STATUS_COLUMNS = List.of("scope_key", "dataset_key",
            "last_start_at", "last_start_run_id",
            "last_success_at", "last_success_run_id", "last_success_records",
            "last_failure_at", "last_failure_run_id",
            "last_failure_error_type", "last_failure_error_message", "last_failure_root_cause");

    /** Columns of the run history table. */
    static final List<String> RUN_COLUMNS = List.of("scope_key", "dataset_key", "run_id", "job_name",
            "started_at", "finished_at", "outcome", "records_affected",
            "error_type", "error_message", "error_root_cause", "last_activity_at");

    /** The dialect for {@code dialect}. */
    public static SqlDialect of(Dialect dialect) {
        return switch (dialect) {
            case H2 -> new H2Dialect();
            case POSTGRESQL -> new PostgresDialect();
            case MYSQL -> new MySqlDialect(false);
            case MARIADB -> new MySqlDialect(true);
        };
    }

    /** The public name of this dialect. */
    public abstract Dialect dialect();

    /**
     * The statements that merge an event of {@code kind} into the status and the history, in this order, run
     * in one transaction. Its instant is the parameter {@code :at}.
     */
    public abstract List<String> applyEvent(EventKind kind, TableNames tables);

    /**
     * The one statement that merges an event taking its instant from the database clock, or null when this
     * database needs the clock read first ({@link #databaseTimeQuery()}) and the instant bound.
     */
    public String applyEventAtDatabaseTime(EventKind kind, TableNames tables) {
        return null;
    }

    /** A query returning the database clock as one timestamp, read back with {@link #readInstant}. */
    public abstract String databaseTimeQuery();

    /**
     * Binds an instant as UTC, whatever the JVM's or the session's time zone: by default as a JDBC 4.2
     * {@link OffsetDateTime} at UTC into a {@code TIMESTAMP WITH TIME ZONE} column (H2, PostgreSQL).
     */
    public void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    /** Reads an instant bound with {@link #bindInstant}; null for SQL NULL. */
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An SQL expression for the schema that unqualified table names resolve to. */
    abstract String currentSchema();

    /**
     * Counts the tables named {@code ?} (second parameter) in the schema {@code ?} (first parameter, NULL for
     * the current one), ignoring case as unquoted identifiers do. Asking the catalog, rather than trying the
     * table, leaves no "table not found" error in the database's log.
     */
    public String countTables() {
        return "SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS VARCHAR(63)), " + currentSchema() + "))"
                + " AND LOWER(table_name) = LOWER(?)";
    }

    /** Creates a schema if it does not exist yet. */
    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + schema;
    }

    /**
     * True when every statement should carry the JDBC query timeout. Only H2 says no: its driver turns each
     * {@code setQueryTimeout} into an extra {@code SET QUERY_TIMEOUT} command, which costs more than the
     * statement itself, while an embedded database has no network to hang on and bounds lock waits with its
     * own {@code LOCK_TIMEOUT}.
     */
    public boolean usesQueryTimeout() {
        return true;
    }

    /** Error states this database uses for a deadlock or a serialization failure: retrying the transaction helps. */
    public boolean isTransient(SQLException error) {
        String state = error.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    /**
     * True when {@code error} means a concurrent transaction inserted the same key first and the upsert should
     * simply run again (it then finds the row). Only H2 needs this: the other databases' upserts are atomic.
     */
    public boolean lostInsertRace(SQLException error) {
        return false;
    }

    // ---- reads, the same on every database -----------------------------------------------------------------

    /**
     * Statuses of one scope with their runs in flight: one row per status, or one per run in flight of it.
     * The datasets are the parameters {@code :d0 .. :d(n-1)}.
     */
    public String statusesOfScope(TableNames tables, int datasetCount) {
        return selectStatuses(tables.status() + " s", tables)
                + " WHERE s.scope_key = :scope AND s.dataset_key IN (" + parameterList("d", datasetCount) + ")";
    }

    /**
     * One page of statuses across scopes, ordered by scope then dataset, with their runs in flight.
     * Parameters: {@code :d0 ..}, and {@code :before}, {@code :afterScope}, {@code :afterDataset} when asked.
     */
    public String statusesAcrossScopes(TableNames tables, int datasetCount, boolean filterBefore, boolean afterCursor,
                                       int limit) {
        StringBuilder page = new StringBuilder("(SELECT * FROM ").append(tables.status())
                .append(" WHERE dataset_key IN (").append(parameterList("d", datasetCount)).append(')');
        if (filterBefore) {
            page.append(" AND (last_success_at IS NULL OR last_success_at < :before)");
        }
        if (afterCursor) {
            page.append(" AND (scope_key > :afterScope OR (scope_key = :afterScope AND dataset_key > :afterDataset))");
        }
        page.append(" ORDER BY scope_key, dataset_key LIMIT ").append(limit).append(") s");
        return selectStatuses(page.toString(), tables) + " ORDER BY s.scope_key, s.dataset_key";
    }

    /** Every record of run {@code :run}, by scope then dataset. */
    public String runHistory(TableNames tables) {
        return "SELECT " + String.join(", ", RUN_COLUMNS) + " FROM " + tables.run()
                + " WHERE run_id = :run ORDER BY scope_key, dataset_key";
    }

    /** The latest {@code limit} records of ({@code :scope}, {@code :dataset}), newest activity first. */
    public String history(TableNames tables, int limit) {
        return "SELECT " + String.join(", ", RUN_COLUMNS) + " FROM " + tables.run()
                + " WHERE scope_key = :scope AND dataset_key = :dataset"
                + " ORDER BY last_activity_at DESC, run_id LIMIT " + limit;
    }

    /** Deletes history older than {@code :olderThan}, keeping the run that holds each pair's last success. */
    public String pruneHistory(TableNames tables) {
        String run = tables.run();
        return "DELETE FROM " + run + " WHERE last_activity_at < :olderThan AND NOT EXISTS (SELECT 1 FROM "
                + tables.status() + " s WHERE s.scope_key = " + run + ".scope_key AND s.dataset_key = " + run
                + ".dataset_key AND s.last_success_run_id = " + run + ".run_id)";
    }

    private static String selectStatuses(String from, TableNames tables) {
        return "SELECT " + STATUS_COLUMNS.stream().map(column -> "s." + column).collect(Collectors.joining(", "))
                + ", f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at FROM " + from
                + " LEFT JOIN " + tables.run() + " f ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key"
                + " AND f.finished_at IS NULL";
    }

    static String parameterList(String prefix, int count) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? ":" : ", :").append(prefix).append(i);
        }
        return list.toString();
    }

    // ---- helpers for the event SQL of the dialects ---------------------------------------------------------

    /** The status columns an event of {@code kind} inserts, in order. */
    static List<String> statusInsertColumns(EventKind kind) {
        ArrayList<String> columns = new ArrayList<>(List.of("scope_key", "dataset_key",
                kind.atColumn(), kind.runIdColumn()));
        kind.payload().forEach(column -> columns.add(column.name()));
        return columns;
    }

    /** The values matching {@link #statusInsertColumns}, with {@code at} for the instant. */
    static List<String> statusInsertValues(EventKind kind, String at) {
        ArrayList<String> values = new ArrayList<>(List.of(":scope", ":dataset", at, ":run"));
        kind.payload().forEach(column -> values.add(":" + column.parameter()));
        return values;
    }

    static final List<String> STARTED_RUN_COLUMNS = List.of("scope_key", "dataset_key", "run_id", "job_name",
            "started_at", "last_activity_at");

    static List<String> startedRunValues(String at) {
        return List.of(":scope", ":dataset", ":run", ":job", at, at);
    }

    static final List<String> FINISHED_RUN_COLUMNS = List.of("scope_key", "dataset_key", "run_id", "finished_at",
            "outcome", "records_affected", "error_type", "error_message", "error_root_cause", "last_activity_at");

    static List<String> finishedRunValues(String at) {
        return List.of(":scope", ":dataset", ":run", at, ":outcome", ":records", ":errorType", ":errorMessage",
                ":errorRootCause", at);
    }

    /** The history columns a finishing event overwrites when it wins, besides last_activity_at. */
    static final List<String> FINISH_COLUMNS = List.of("finished_at", "outcome", "records_affected", "error_type",
            "error_message", "error_root_cause");
}
