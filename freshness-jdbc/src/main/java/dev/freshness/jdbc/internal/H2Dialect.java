package dev.freshness.jdbc.internal;

import dev.freshness.jdbc.Dialect;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * H2: {@code MERGE INTO ... USING ... WHEN MATCHED AND <merge rule> THEN UPDATE WHEN NOT MATCHED THEN INSERT},
 * status then history in one transaction. Instants are {@code TIMESTAMP WITH TIME ZONE}, bound as
 * {@link OffsetDateTime} at UTC.
 *
 * <p>H2's {@code MERGE} is not atomic against a concurrent insert of the same key: the second transaction
 * waits for the first to commit, then fails with a duplicate key, and H2 rolls back that statement alone. The
 * store runs the statement again, which then updates the row ({@link #lostInsertRace}). H2 traces constraint
 * violations at INFO, so its error trace stays clean.
 */
final class H2Dialect extends SqlDialect {

    @Override
    public Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    public List<String> applyEvent(EventKind kind, TableNames tables) {
        return List.of(statusMerge(kind, tables), kind.finishesRun() ? finishedRunMerge(tables) : startedRunMerge(tables));
    }

    private static String statusMerge(EventKind kind, TableNames tables) {
        String atColumn = kind.atColumn();
        String runColumn = kind.runIdColumn();
        List<String> columns = statusInsertColumns(kind);
        List<String> values = statusInsertValues(kind, ":at");
        StringBuilder assignments = new StringBuilder();
        for (int i = 2; i < columns.size(); i++) {
            assignments.append(i == 2 ? "" : ", ").append(columns.get(i)).append(" = ").append(values.get(i));
        }
        return "MERGE INTO " + tables.status() + " s USING (VALUES (1)) AS e(x)"
                + " ON s.scope_key = :scope AND s.dataset_key = :dataset"
                + " WHEN MATCHED AND (s." + atColumn + " IS NULL OR :at > s." + atColumn
                + " OR (:at = s." + atColumn + " AND :run > s." + runColumn + "))"
                + " THEN UPDATE SET " + assignments
                + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", values) + ")";
    }

    private static String startedRunMerge(TableNames tables) {
        String later = "r.started_at IS NULL OR :at > r.started_at";
        return "MERGE INTO " + tables.run() + " r USING (VALUES (1)) AS e(x)"
                + " ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = :run"
                + " WHEN MATCHED AND (" + later + " OR (r.job_name IS NULL AND CAST(:job AS VARCHAR(100)) IS NOT NULL))"
                + " THEN UPDATE SET"
                + " job_name = CASE WHEN " + later + " THEN COALESCE(CAST(:job AS VARCHAR(100)), r.job_name)"
                + " ELSE COALESCE(r.job_name, CAST(:job AS VARCHAR(100))) END,"
                + " started_at = CASE WHEN " + later + " THEN :at ELSE r.started_at END,"
                + " last_activity_at = GREATEST(r.last_activity_at, :at)"
                + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", STARTED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", startedRunValues(":at")) + ")";
    }

    private static String finishedRunMerge(TableNames tables) {
        List<String> values = finishedRunValues(":at");
        String assignments = FINISH_COLUMNS.stream()
                .map(column -> column + " = " + values.get(FINISHED_RUN_COLUMNS.indexOf(column)))
                .collect(Collectors.joining(", "));
        return "MERGE INTO " + tables.run() + " r USING (VALUES (1)) AS e(x)"
                + " ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = :run"
                + " WHEN MATCHED AND (r.finished_at IS NULL OR :at > r.finished_at"
                + " OR (:at = r.finished_at AND :outcome = 'FAILED' AND r.outcome = 'SUCCEEDED'))"
                + " THEN UPDATE SET " + assignments + ", last_activity_at = GREATEST(r.last_activity_at, :at)"
                + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", FINISHED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", values) + ")";
    }

    @Override
    public boolean lostInsertRace(SQLException error) {
        return "23505".equals(error.getSQLState());
    }

    @Override
    String currentSchema() {
        return "CURRENT_SCHEMA";
    }

    @Override
    public String databaseTimeQuery() {
        return "SELECT CURRENT_TIMESTAMP(6)";
    }

    @Override
    public boolean usesQueryTimeout() {
        return false;
    }
}
