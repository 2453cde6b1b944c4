package dev.freshness.benchmarks;

import java.util.List;

/**
 * The SQL of the hand-written JDBC baselines, written out here: the statements the JDBC store runs for a start,
 * a success, a page report and a cross-scope check, copied from {@code freshness-jdbc}'s dialects
 * ({@code H2Dialect}, {@code PostgresDialect}, {@code MariaDbDialect}, and {@code SqlDialect} for the reads, which
 * are the same on every database but for the cross-scope read's cursor condition, PostgreSQL's own). The benchmarks depend on the store's public API only; this copy is what lets
 * the baseline do exactly the store's work with plain JDBC. When the store's SQL changes, change it here too:
 * {@code HandWrittenEventsTest} fails when the baseline stops writing the rows the store writes.
 *
 * <p>The text keeps the store's form: table placeholders <code>${status}</code> and <code>${run}</code>, the
 * {@code IN} lists <code>${scopes}</code> ({@code :s0, :s1, ...}) and <code>${datasets}</code> ({@code :d0, ...}),
 * and named parameters, turned into JDBC's {@code ?} by {@link PositionalSql}. The parameters of the events are
 * {@code :scope :dataset :run :at}, and {@code :job} (start) or {@code :records} (success).
 */
final class BaselineSql {

    // ---- events: H2, history and status in one statement ----------------------------------------------------

    /** The event's instant in H2's event statements (<code>${at}</code>), or the database clock when it is NULL. */
    private static final String H2_INSTANT = "COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), CURRENT_TIMESTAMP(6))";

    /** The event's instant in MariaDB's event statements (<code>${at}</code>), or the database clock when NULL. */
    private static final String MARIADB_INSTANT = "COALESCE(CAST(:at AS DATETIME(6)), UTC_TIMESTAMP(6))";

    private static final String H2_STARTED = """
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

    private static final String H2_SUCCEEDED = """
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

    // ---- events: PostgreSQL, one statement per event (status in a data-modifying CTE), no transaction ----------

    private static final String POSTGRESQL_STARTED = """
            WITH event AS (
                SELECT COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), statement_timestamp()) AS at
            ), status_change AS (
                INSERT INTO ${status} AS s (scope_key, dataset_key, last_start_at, last_start_run_id)
                SELECT :scope, :dataset, event.at, :run FROM event
                ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
                    last_start_at = EXCLUDED.last_start_at,
                    last_start_run_id = EXCLUDED.last_start_run_id
                WHERE s.last_start_at IS NULL
                   OR EXCLUDED.last_start_at > s.last_start_at
                   OR (EXCLUDED.last_start_at = s.last_start_at AND EXCLUDED.last_start_run_id > s.last_start_run_id)
            )
            INSERT INTO ${run} AS r (scope_key, dataset_key, run_id, job_name, started_at, last_activity_at)
            SELECT :scope, :dataset, :run, :job, event.at, event.at FROM event
            ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
                job_name = CASE WHEN r.started_at IS NULL OR EXCLUDED.started_at > r.started_at
                                THEN COALESCE(EXCLUDED.job_name, r.job_name)
                                ELSE COALESCE(r.job_name, EXCLUDED.job_name) END,
                started_at = CASE WHEN r.started_at IS NULL OR EXCLUDED.started_at > r.started_at
                                  THEN EXCLUDED.started_at
                                  ELSE r.started_at END,
                last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
            WHERE r.started_at IS NULL
               OR EXCLUDED.started_at > r.started_at
               OR (r.job_name IS NULL AND EXCLUDED.job_name IS NOT NULL)
            """;

    private static final String POSTGRESQL_SUCCEEDED = """
            WITH event AS (
                SELECT COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), statement_timestamp()) AS at
            ), status_change AS (
                INSERT INTO ${status} AS s (scope_key, dataset_key,
                                            last_success_at, last_success_run_id, last_success_records)
                SELECT :scope, :dataset, event.at, :run, :records FROM event
                ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
                    last_success_at = EXCLUDED.last_success_at,
                    last_success_run_id = EXCLUDED.last_success_run_id,
                    last_success_records = EXCLUDED.last_success_records
                WHERE s.last_success_at IS NULL
                   OR EXCLUDED.last_success_at > s.last_success_at
                   OR (EXCLUDED.last_success_at = s.last_success_at
                       AND EXCLUDED.last_success_run_id > s.last_success_run_id)
            )
            INSERT INTO ${run} AS r (scope_key, dataset_key, run_id,
                                     finished_at, outcome, records_affected, last_activity_at)
            SELECT :scope, :dataset, :run, event.at, 'SUCCEEDED', :records, event.at FROM event
            ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
                finished_at = EXCLUDED.finished_at,
                outcome = 'SUCCEEDED',
                records_affected = EXCLUDED.records_affected,
                error_type = NULL,
                error_message = NULL,
                error_root_cause = NULL,
                last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
            WHERE r.finished_at IS NULL
               OR EXCLUDED.finished_at > r.finished_at
            """;

    // ---- events: MariaDB, the history in one statement, whose trigger merges the status ----------------------

    private static final String MARIADB_RUN_STARTED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id, job_name, started_at, last_activity_at)
            VALUES (:scope, :dataset, :run, :job, ${at}, ${at})
            ON DUPLICATE KEY UPDATE
                job_name = IF(started_at IS NULL OR VALUES(started_at) > started_at,
                              COALESCE(VALUES(job_name), job_name),
                              COALESCE(job_name, VALUES(job_name))),
                started_at = IF(started_at IS NULL OR VALUES(started_at) > started_at,
                                VALUES(started_at), started_at),
                last_activity_at = GREATEST(last_activity_at, VALUES(last_activity_at))
            """;

    private static final String MARIADB_RUN_SUCCEEDED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id,
                                finished_at, outcome, records_affected, last_activity_at)
            VALUES (:scope, :dataset, :run, ${at}, 'SUCCEEDED', :records, ${at})
            ON DUPLICATE KEY UPDATE
                records_affected = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                      VALUES(records_affected), records_affected),
                error_type = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                NULL, error_type),
                error_message = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                   NULL, error_message),
                error_root_cause = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                      NULL, error_root_cause),
                outcome = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                             'SUCCEEDED', outcome),
                finished_at = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                 VALUES(finished_at), finished_at),
                last_activity_at = GREATEST(last_activity_at, VALUES(last_activity_at))
            """;

    // ---- reads, the same on every database ------------------------------------------------------------------

    private static final String STATUSES = """
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM ${status} s
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            WHERE s.scope_key IN (${scopes})
              AND s.dataset_key IN (${datasets})
            """;

    private static final String STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE = """
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM (SELECT *
                  FROM ${status}
                  WHERE dataset_key IN (${datasets})
                    AND (last_success_at IS NULL OR last_success_at < :before)
                    AND ${afterCursor}
                  ORDER BY scope_key, dataset_key
                  LIMIT :limit) s
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            ORDER BY s.scope_key, s.dataset_key
            """;

    /** The cursor condition of the cross-scope read on PostgreSQL, an index condition of the primary key. */
    private static final String POSTGRESQL_AFTER_CURSOR = "(scope_key, dataset_key) > (:afterScope, :afterDataset)";

    /** The cursor condition of the cross-scope read on the other databases. */
    private static final String AFTER_CURSOR_AS_OR =
            "(scope_key > :afterScope OR (scope_key = :afterScope AND dataset_key > :afterDataset))";

    private BaselineSql() {
    }

    /** The statements of a start on {@code database}, in the order the store runs them, for tables {@code prefix}. */
    static List<String> started(BenchDatabase database, String prefix) {
        return render(prefix, switch (database) {
            case H2_MEMORY, H2_FILE -> List.of(H2_STARTED.replace("${at}", H2_INSTANT));
            case POSTGRESQL -> List.of(POSTGRESQL_STARTED);
            case MARIADB -> List.of(MARIADB_RUN_STARTED.replace("${at}", MARIADB_INSTANT));
        });
    }

    /** The statements of a success on {@code database}, in the order the store runs them, for tables {@code prefix}. */
    static List<String> succeeded(BenchDatabase database, String prefix) {
        return render(prefix, switch (database) {
            case H2_MEMORY, H2_FILE -> List.of(H2_SUCCEEDED.replace("${at}", H2_INSTANT));
            case POSTGRESQL -> List.of(POSTGRESQL_SUCCEEDED);
            case MARIADB -> List.of(MARIADB_RUN_SUCCEEDED.replace("${at}", MARIADB_INSTANT));
        });
    }

    /**
     * The statuses of {@code scopes} scopes x {@code datasets} datasets with their runs in flight, as a page report
     * reads them: parameters {@code :s0 ...}, then {@code :d0 ...} (the store binds each list sorted).
     */
    static String statuses(String prefix, int scopes, int datasets) {
        return render(prefix, STATUSES).replace("${scopes}", list("s", scopes)).replace("${datasets}", list("d", datasets));
    }

    /**
     * One page across scopes of the statuses of {@code datasets} datasets that never succeeded or last did before
     * {@code :before}, as the cross-scope checks read them on {@code database}: parameters {@code :d0 ...},
     * {@code :before}, then {@code :afterScope} and {@code :afterDataset} (on H2 and MariaDB {@code :afterScope}
     * twice), {@code :limit}.
     */
    static String statusesSucceededBefore(BenchDatabase database, String prefix, int datasets) {
        String afterCursor = database == BenchDatabase.POSTGRESQL ? POSTGRESQL_AFTER_CURSOR : AFTER_CURSOR_AS_OR;
        return render(prefix, STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE).replace("${datasets}", list("d", datasets))
                .replace("${afterCursor}", afterCursor);
    }

    private static List<String> render(String prefix, List<String> statements) {
        return statements.stream().map(sql -> render(prefix, sql)).toList();
    }

    private static String render(String prefix, String sql) {
        return sql.replace("${status}", prefix + "status").replace("${run}", prefix + "run");
    }

    private static String list(String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? ":" : ", :").append(name).append(i);
        }
        return list.toString();
    }
}
