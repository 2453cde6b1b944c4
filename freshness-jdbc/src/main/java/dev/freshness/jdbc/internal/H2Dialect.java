package dev.freshness.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * H2: {@code MERGE INTO ... USING ... WHEN MATCHED AND <merge rule> THEN UPDATE WHEN NOT MATCHED THEN INSERT}, the
 * history and the status written by one statement: the status {@code MERGE} reads the {@code FINAL TABLE} of the
 * history {@code MERGE} as its source, so an event needs no transaction of its own and is atomic (H2 rolls back a
 * failed statement whole). Instants are {@code TIMESTAMP WITH TIME ZONE}, bound as {@link OffsetDateTime} at UTC.
 *
 * <p>H2's {@code MERGE} is not atomic against a concurrent insert of the same key: the second transaction
 * waits for the first to commit, then fails with a duplicate key, and H2 rolls back that statement alone. The
 * store runs the statement again (merging makes the history write of the first attempt harmless), which then
 * finds the row ({@link #lostInsertRace}). H2 traces constraint violations at INFO, so its error trace stays clean.
 */
public final class H2Dialect extends SqlDialect {

    // Each event is one statement: a MERGE into the status whose source is the history MERGE's FINAL TABLE, so the
    // history row is merged (and locked) first, then the status, atomically. The history MERGE always updates a
    // matched row (keeping what the rule keeps), so that its FINAL TABLE always holds the one row the status MERGE
    // needs; the status MERGE takes the event's own values, never the merged history row's.

    private static final String STARTED = """
            MERGE INTO ${status} s
            USING FINAL TABLE (
                MERGE INTO ${run} r
                USING (VALUES (1)) AS e(x)
                ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = :run
                WHEN MATCHED THEN UPDATE SET
                    job_name = CASE WHEN r.started_at IS NULL OR ${at} > r.started_at
                                    THEN COALESCE(CAST(:job AS VARCHAR(100)), r.job_name)
                                    ELSE COALESCE(r.job_name, CAST(:job AS VARCHAR(100))) END,
                    started_at = CASE WHEN r.started_at IS NULL OR ${at} > r.started_at
                                      THEN ${at}
                                      ELSE r.started_at END,
                    last_activity_at = GREATEST(r.last_activity_at, ${at})
                WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key, run_id, job_name, started_at, last_activity_at)
                    VALUES (:scope, :dataset, :run, :job, ${at}, ${at})
            ) AS history
            ON s.scope_key = :scope AND s.dataset_key = :dataset
            WHEN MATCHED AND (s.last_start_at IS NULL
                              OR ${at} > s.last_start_at
                              OR (${at} = s.last_start_at AND :run > s.last_start_run_id)) THEN UPDATE SET
                last_start_at = ${at},
                last_start_run_id = :run
            WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key, last_start_at, last_start_run_id)
                VALUES (:scope, :dataset, ${at}, :run)
            """;

    private static final String SUCCEEDED = """
            MERGE INTO ${status} s
            USING FINAL TABLE (
                MERGE INTO ${run} r
                USING (VALUES (1)) AS e(x)
                ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = :run
                WHEN MATCHED THEN UPDATE SET
                    records_affected = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                            THEN CAST(:records AS BIGINT) ELSE r.records_affected END,
                    error_type = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                      THEN NULL ELSE r.error_type END,
                    error_message = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                         THEN NULL ELSE r.error_message END,
                    error_root_cause = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                            THEN NULL ELSE r.error_root_cause END,
                    outcome = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                   THEN 'SUCCEEDED' ELSE r.outcome END,
                    finished_at = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                       THEN ${at} ELSE r.finished_at END,
                    last_activity_at = GREATEST(r.last_activity_at, ${at})
                WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key, run_id,
                                              finished_at, outcome, records_affected, last_activity_at)
                    VALUES (:scope, :dataset, :run, ${at}, 'SUCCEEDED', :records, ${at})
            ) AS history
            ON s.scope_key = :scope AND s.dataset_key = :dataset
            WHEN MATCHED AND (s.last_success_at IS NULL
                              OR ${at} > s.last_success_at
                              OR (${at} = s.last_success_at AND :run > s.last_success_run_id)) THEN UPDATE SET
                last_success_at = ${at},
                last_success_run_id = :run,
                last_success_records = :records
            WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key,
                                          last_success_at, last_success_run_id, last_success_records)
                VALUES (:scope, :dataset, ${at}, :run, :records)
            """;

    /** A failure also replaces a success of the same run at the same instant in the history: a failure wins a tie. */
    private static final String FAILED = """
            MERGE INTO ${status} s
            USING FINAL TABLE (
                MERGE INTO ${run} r
                USING (VALUES (1)) AS e(x)
                ON r.scope_key = :scope AND r.dataset_key = :dataset AND r.run_id = :run
                WHEN MATCHED THEN UPDATE SET
                    records_affected = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                                 OR (${at} = r.finished_at AND r.outcome = 'SUCCEEDED')
                                            THEN 0 ELSE r.records_affected END,
                    error_type = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                           OR (${at} = r.finished_at AND r.outcome = 'SUCCEEDED')
                                      THEN CAST(:errorType AS VARCHAR(255)) ELSE r.error_type END,
                    error_message = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                              OR (${at} = r.finished_at AND r.outcome = 'SUCCEEDED')
                                         THEN CAST(:errorMessage AS VARCHAR(2000)) ELSE r.error_message END,
                    error_root_cause = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                                 OR (${at} = r.finished_at AND r.outcome = 'SUCCEEDED')
                                            THEN CAST(:errorRootCause AS VARCHAR(1000)) ELSE r.error_root_cause END,
                    outcome = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                        OR (${at} = r.finished_at AND r.outcome = 'SUCCEEDED')
                                   THEN 'FAILED' ELSE r.outcome END,
                    finished_at = CASE WHEN r.finished_at IS NULL OR ${at} > r.finished_at
                                       THEN ${at} ELSE r.finished_at END,
                    last_activity_at = GREATEST(r.last_activity_at, ${at})
                WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key, run_id, finished_at, outcome, records_affected,
                                              error_type, error_message, error_root_cause, last_activity_at)
                    VALUES (:scope, :dataset, :run, ${at}, 'FAILED', 0, :errorType, :errorMessage, :errorRootCause,
                            ${at})
            ) AS history
            ON s.scope_key = :scope AND s.dataset_key = :dataset
            WHEN MATCHED AND (s.last_failure_at IS NULL
                              OR ${at} > s.last_failure_at
                              OR (${at} = s.last_failure_at AND :run > s.last_failure_run_id)) THEN UPDATE SET
                last_failure_at = ${at},
                last_failure_run_id = :run,
                last_failure_error_type = :errorType,
                last_failure_error_message = :errorMessage,
                last_failure_root_cause = :errorRootCause
            WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key, last_failure_at, last_failure_run_id,
                                          last_failure_error_type, last_failure_error_message, last_failure_root_cause)
                VALUES (:scope, :dataset, ${at}, :run, :errorType, :errorMessage, :errorRootCause)
            """;

    /**
     * The event's instant, or, when the store takes instants from the database (it binds {@code :at} to NULL), H2's
     * clock, the same throughout the statement.
     */
    private static final String EVENT_INSTANT =
            "COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), CURRENT_TIMESTAMP(6))";

    private static final String CREATE_STATUS_IF_ABSENT = """
            MERGE INTO ${status} s
            USING (VALUES (1)) AS e(x)
            ON s.scope_key = :scope AND s.dataset_key = :dataset
            WHEN NOT MATCHED THEN INSERT (scope_key, dataset_key)
                VALUES (:scope, :dataset)
            """;

    private static final String FIND_TABLES = """
            SELECT table_schema, table_name
            FROM information_schema.tables
            WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS VARCHAR(63)), CURRENT_SCHEMA))
              AND LOWER(table_name) = LOWER(?)
            """;

    /** A database made with {@code SET COLLATION} compares every text column with it. */
    private static final String DESCRIBE_COLUMNS = """
            SELECT table_schema, table_name, column_name, data_type, character_maximum_length,
                   (SELECT setting_value FROM information_schema.settings
                    WHERE setting_name = 'COLLATION') AS database_collation
            FROM information_schema.columns
            WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS VARCHAR(63)), CURRENT_SCHEMA))
              AND LOWER(table_name) = LOWER(?)
            """;

    @Override
    public List<String> applyEvent(EventKind kind) {
        return switch (kind) {
            case STARTED -> List.of(STARTED.replace("${at}", EVENT_INSTANT));
            case SUCCEEDED -> List.of(SUCCEEDED.replace("${at}", EVENT_INSTANT));
            case FAILED -> List.of(FAILED.replace("${at}", EVENT_INSTANT));
        };
    }

    /** The datasets of the unfiltered walk as {@link SqlDialect} writes them: a condition of the index on the success. */
    private static final String DATASETS_IN_INDEX = "dataset_key IN (${datasets})";

    /** The same datasets, in a form that H2 takes for no index condition, only a filter. */
    private static final String DATASETS_AS_FILTER = "COALESCE(dataset_key, '') IN (${datasets})";

    /** The cursor as a row value, which H2 turns into the range {@code scope_key >= :afterScope} of the primary key. */
    private static final String AFTER_CURSOR_AS_ROW = "(scope_key, dataset_key) > (:afterScope, :afterDataset)";

    /**
     * The unfiltered walk, along the primary key from the cursor, in its order, until the page is full. Given a
     * condition of the index on (dataset, last success) (every dataset of a page, here), H2 reads every status of
     * those datasets through it at each page and sorts them (10,001 rows for each page of 100 among 10,000 statuses),
     * and with the cursor as an {@code OR} its scan of the primary key starts at the first key. The stale walk keeps
     * the index on the success: along the primary key, a page of a walk that finds few stale statuses, or none, would
     * read every status after its cursor.
     */
    @Override
    public String statusesAcrossScopes() {
        String sql = super.statusesAcrossScopes();
        for (String expected : List.of(DATASETS_IN_INDEX, afterCursor())) {
            if (sql.indexOf(expected) < 0) {
                throw new IllegalStateException("expected " + expected + " in " + sql);
            }
        }
        return sql.replace(DATASETS_IN_INDEX, DATASETS_AS_FILTER).replace(afterCursor(), AFTER_CURSOR_AS_ROW);
    }

    /** Where the stale walk of {@link SqlDialect} finds its statuses: through a condition H2 takes for no range. */
    private static final String STALE_IN_ONE_SCAN = """
                  FROM ${status}
                  WHERE dataset_key IN (${datasets})
                    AND (last_success_at IS NULL OR last_success_at < :before)
                    AND %s
            """;

    /** The stale statuses of every dataset of the page, from {@link #STALE_OF_ONE_DATASET} repeated. */
    private static final String STALE_OF_EACH_DATASET = """
                  FROM (${eachDataset}) stale
            """;

    /**
     * The stale statuses of one dataset after the cursor, the page's first ones: two ranges of the index on (dataset,
     * last success), those that last succeeded before the cutoff and those that never did.
     */
    private static final String STALE_OF_ONE_DATASET = """
            (SELECT * FROM ${status}
             WHERE dataset_key = ${dataset} AND last_success_at < :before AND %1$s
             ORDER BY scope_key, dataset_key
             LIMIT :limit)
            UNION ALL
            (SELECT * FROM ${status}
             WHERE dataset_key = ${dataset} AND last_success_at IS NULL AND %1$s
             ORDER BY scope_key, dataset_key
             LIMIT :limit)""";

    /**
     * The stale walk, its keys read dataset by dataset ({@link #staleStatusesOfOneDataset()}). Given the page's
     * datasets as one {@code IN} list, H2 takes that list as the only condition of the index on (dataset, last
     * success), not the range of the last success within each dataset (nor the {@code OR} of a never-refreshed
     * status), and reads every status of those datasets at each page (10,001 rows for a page among 10,000 statuses,
     * 200 of them stale). A page now reads its datasets' stale statuses after the cursor and sorts them.
     */
    @Override
    public String statusesAcrossScopesSucceededBefore() {
        String sql = super.statusesAcrossScopesSucceededBefore();
        String inOneScan = STALE_IN_ONE_SCAN.formatted(afterCursor());
        if (sql.indexOf(inOneScan) < 0) {
            throw new IllegalStateException("expected " + inOneScan + " in " + sql);
        }
        return sql.replace(inOneScan, STALE_OF_EACH_DATASET);
    }

    @Override
    public String staleStatusesOfOneDataset() {
        return STALE_OF_ONE_DATASET.formatted(afterCursor());
    }

    /** A lost insert race ends in a duplicate key, and the store runs the statement again ({@link #lostInsertRace}). */
    @Override
    public String createStatusIfAbsent() {
        return CREATE_STATUS_IF_ABSENT;
    }

    /**
     * Version 2: the history loses an index that repeated the first two columns of its primary key. Version 3: the
     * history's primary key leads with the run, which makes the index on the run alone unneeded. Version 4: the
     * history's index for pruning holds the key after the last activity. Versions 1 to 3 still work: the SQL reads
     * and writes the same columns.
     */
    @Override
    public int currentSchemaVersion() {
        return 4;
    }

    @Override
    public int oldestWorkingSchemaVersion() {
        return 1;
    }

    @Override
    public String whatMigrationsBring() {
        return "migrations V2__drop_history_index_repeating_the_key.sql, V3__history_key_leads_with_the_run.sql"
                + " and V4__prune_window_in_index_order.sql (Liquibase changeSets freshness-schema-2-h2 to"
                + " freshness-schema-4-h2) drop two history indexes that every event wrote (one repeated the primary"
                + " key, the other is the primary key once it leads with the run) and let a prune's windows start at"
                + " their cursor among records that share one instant";
    }

    /** None: the one statement per event reads the clock itself. */
    @Override
    public String databaseTimeQuery() {
        return null;
    }

    /** See {@link SqlDialect#pruneLocksStatuses()}: the history rows first, as the event's statement writes them. */
    @Override
    public boolean pruneLocksStatuses() {
        return false;
    }

    /** The primary key leads with the run (see the schema). */
    @Override
    public List<String> runKeyColumns() {
        return List.of("run_id", "scope_key", "dataset_key");
    }

    @Override
    public String findTables() {
        return FIND_TABLES;
    }

    /** H2 says "not enough rights" with its own code, 90096. */
    @Override
    protected boolean privilegeDenied(SQLException error) {
        return error.getErrorCode() == 90096;
    }

    @Override
    public String describeColumns() {
        return DESCRIBE_COLUMNS;
    }

    @Override
    public String nonBinaryComparison(ResultSet column, String table) throws SQLException {
        String collation = column.getString("database_collation");
        if (collation != null && !collation.isBlank() && !collation.equalsIgnoreCase("OFF")) {
            return "compares text with the database's collation " + collation + ", not exactly. Keep the tables in"
                    + " an H2 database created without SET COLLATION";
        }
        if ("VARCHAR_IGNORECASE".equalsIgnoreCase(column.getString("data_type"))) {
            return "has the type VARCHAR_IGNORECASE (the table was created on a connection with IGNORECASE=TRUE),"
                    + " which ignores case. Remove IGNORECASE=TRUE from the JDBC URL (or run SET IGNORECASE FALSE),"
                    + " then run ALTER TABLE " + table + " ALTER COLUMN " + column.getString("column_name")
                    .toLowerCase(Locale.ROOT) + " SET DATA TYPE VARCHAR(" + column.getLong("character_maximum_length")
                    + ")";
        }
        return null;
    }

    @Override
    public boolean lostInsertRace(SQLException error) {
        return "23505".equals(error.getSQLState());
    }

    @Override
    public boolean usesQueryTimeout() {
        return false;
    }

    /**
     * Also H2's general error 50000 "Transaction was illegally transitioned from CLOSED to ROLLING_BACK", which
     * H2 2.3.232 raises now and then when several transactions wait for the lock of the same new row (seen once in
     * some thousand runs of eight threads creating the same statuses): the transaction is gone, and running it
     * again succeeds, as after a deadlock.
     */
    @Override
    public boolean isTransient(SQLException error) {
        return super.isTransient(error)
                || (error.getErrorCode() == H2_GENERAL_ERROR && String.valueOf(error.getMessage()).contains(ILLEGAL_TRANSITION));
    }

    private static final int H2_GENERAL_ERROR = 50_000;
    private static final String ILLEGAL_TRANSITION = "Transaction was illegally transitioned";
}
