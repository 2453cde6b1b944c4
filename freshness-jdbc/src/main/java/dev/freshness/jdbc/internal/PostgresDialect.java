package dev.freshness.jdbc.internal;

import dev.freshness.jdbc.Dialect;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE <merge rule>}, the status and the history
 * written by one statement (the status upsert is a data-modifying CTE), so an event costs one round trip and
 * needs no transaction of its own. Instants are {@code timestamptz}, bound as {@link OffsetDateTime} at UTC.
 */
final class PostgresDialect extends SqlDialect {

    /** Stable within one statement, so the status and the history get the same instant. */
    private static final String DATABASE_NOW = "statement_timestamp()";

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public List<String> applyEvent(EventKind kind, TableNames tables) {
        return List.of(oneStatement(kind, tables, ":at"));
    }

    @Override
    public String applyEventAtDatabaseTime(EventKind kind, TableNames tables) {
        return oneStatement(kind, tables, DATABASE_NOW);
    }

    private static String oneStatement(EventKind kind, TableNames tables, String at) {
        return "WITH status_change AS (" + statusUpsert(kind, tables, at) + ") "
                + (kind.finishesRun() ? finishedRunUpsert(tables, at) : startedRunUpsert(tables, at));
    }

    private static String statusUpsert(EventKind kind, TableNames tables, String at) {
        String atColumn = kind.atColumn();
        String runColumn = kind.runIdColumn();
        List<String> columns = statusInsertColumns(kind);
        String assignments = columns.subList(2, columns.size()).stream()
                .map(column -> column + " = EXCLUDED." + column)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + tables.status() + " AS s (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", statusInsertValues(kind, at)) + ")"
                + " ON CONFLICT (scope_key, dataset_key) DO UPDATE SET " + assignments
                + " WHERE s." + atColumn + " IS NULL OR EXCLUDED." + atColumn + " > s." + atColumn
                + " OR (EXCLUDED." + atColumn + " = s." + atColumn + " AND EXCLUDED." + runColumn + " > s." + runColumn + ")";
    }

    private static String startedRunUpsert(TableNames tables, String at) {
        String later = "r.started_at IS NULL OR EXCLUDED.started_at > r.started_at";
        return "INSERT INTO " + tables.run() + " AS r (" + String.join(", ", STARTED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", startedRunValues(at)) + ")"
                + " ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET"
                + " job_name = CASE WHEN " + later + " THEN COALESCE(EXCLUDED.job_name, r.job_name)"
                + " ELSE COALESCE(r.job_name, EXCLUDED.job_name) END,"
                + " started_at = CASE WHEN " + later + " THEN EXCLUDED.started_at ELSE r.started_at END,"
                + " last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)"
                + " WHERE " + later + " OR (r.job_name IS NULL AND EXCLUDED.job_name IS NOT NULL)";
    }

    private static String finishedRunUpsert(TableNames tables, String at) {
        String assignments = FINISH_COLUMNS.stream()
                .map(column -> column + " = EXCLUDED." + column)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + tables.run() + " AS r (" + String.join(", ", FINISHED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", finishedRunValues(at)) + ")"
                + " ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET " + assignments
                + ", last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)"
                + " WHERE r.finished_at IS NULL OR EXCLUDED.finished_at > r.finished_at"
                + " OR (EXCLUDED.finished_at = r.finished_at AND EXCLUDED.outcome = 'FAILED' AND r.outcome = 'SUCCEEDED')";
    }

    @Override
    String currentSchema() {
        return "current_schema()";
    }

    @Override
    public String databaseTimeQuery() {
        return "SELECT " + DATABASE_NOW;
    }
}
