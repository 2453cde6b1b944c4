package dev.freshness.jdbc.internal;

import java.util.List;

/**
 * MariaDB 10.5+: {@code INSERT ... ON DUPLICATE KEY UPDATE}, the incoming row named with {@code VALUES(column)}.
 * The order of the assignments matters; see {@link MySqlFamilyDialect}.
 */
public final class MariaDbDialect extends MySqlFamilyDialect {

    private static final String STATUS_STARTED = """
            INSERT INTO ${status} (scope_key, dataset_key, last_start_at, last_start_run_id)
            VALUES (:scope, :dataset, :at, :run)
            ON DUPLICATE KEY UPDATE
                last_start_run_id = IF(last_start_at IS NULL
                                       OR VALUES(last_start_at) > last_start_at
                                       OR (VALUES(last_start_at) = last_start_at
                                           AND VALUES(last_start_run_id) > last_start_run_id),
                                       VALUES(last_start_run_id), last_start_run_id),
                last_start_at = IF(last_start_at IS NULL OR VALUES(last_start_at) > last_start_at,
                                   VALUES(last_start_at), last_start_at)
            """;

    private static final String STATUS_SUCCEEDED = """
            INSERT INTO ${status} (scope_key, dataset_key, last_success_at, last_success_run_id, last_success_records)
            VALUES (:scope, :dataset, :at, :run, :records)
            ON DUPLICATE KEY UPDATE
                last_success_records = IF(last_success_at IS NULL
                                          OR VALUES(last_success_at) > last_success_at
                                          OR (VALUES(last_success_at) = last_success_at
                                              AND VALUES(last_success_run_id) > last_success_run_id),
                                          VALUES(last_success_records), last_success_records),
                last_success_run_id = IF(last_success_at IS NULL
                                         OR VALUES(last_success_at) > last_success_at
                                         OR (VALUES(last_success_at) = last_success_at
                                             AND VALUES(last_success_run_id) > last_success_run_id),
                                         VALUES(last_success_run_id), last_success_run_id),
                last_success_at = IF(last_success_at IS NULL OR VALUES(last_success_at) > last_success_at,
                                     VALUES(last_success_at), last_success_at)
            """;

    private static final String STATUS_FAILED = """
            INSERT INTO ${status} (scope_key, dataset_key, last_failure_at, last_failure_run_id,
                                   last_failure_error_type, last_failure_error_message, last_failure_root_cause)
            VALUES (:scope, :dataset, :at, :run, :errorType, :errorMessage, :errorRootCause)
            ON DUPLICATE KEY UPDATE
                last_failure_error_type = IF(last_failure_at IS NULL
                                             OR VALUES(last_failure_at) > last_failure_at
                                             OR (VALUES(last_failure_at) = last_failure_at
                                                 AND VALUES(last_failure_run_id) > last_failure_run_id),
                                             VALUES(last_failure_error_type), last_failure_error_type),
                last_failure_error_message = IF(last_failure_at IS NULL
                                                OR VALUES(last_failure_at) > last_failure_at
                                                OR (VALUES(last_failure_at) = last_failure_at
                                                    AND VALUES(last_failure_run_id) > last_failure_run_id),
                                                VALUES(last_failure_error_message), last_failure_error_message),
                last_failure_root_cause = IF(last_failure_at IS NULL
                                             OR VALUES(last_failure_at) > last_failure_at
                                             OR (VALUES(last_failure_at) = last_failure_at
                                                 AND VALUES(last_failure_run_id) > last_failure_run_id),
                                             VALUES(last_failure_root_cause), last_failure_root_cause),
                last_failure_run_id = IF(last_failure_at IS NULL
                                         OR VALUES(last_failure_at) > last_failure_at
                                         OR (VALUES(last_failure_at) = last_failure_at
                                             AND VALUES(last_failure_run_id) > last_failure_run_id),
                                         VALUES(last_failure_run_id), last_failure_run_id),
                last_failure_at = IF(last_failure_at IS NULL OR VALUES(last_failure_at) > last_failure_at,
                                     VALUES(last_failure_at), last_failure_at)
            """;

    private static final String RUN_STARTED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id, job_name, started_at, last_activity_at)
            VALUES (:scope, :dataset, :run, :job, :at, :at)
            ON DUPLICATE KEY UPDATE
                job_name = IF(started_at IS NULL OR VALUES(started_at) > started_at,
                              COALESCE(VALUES(job_name), job_name),
                              COALESCE(job_name, VALUES(job_name))),
                started_at = IF(started_at IS NULL OR VALUES(started_at) > started_at,
                                VALUES(started_at), started_at),
                last_activity_at = GREATEST(last_activity_at, VALUES(last_activity_at))
            """;

    private static final String RUN_SUCCEEDED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id,
                                finished_at, outcome, records_affected, last_activity_at)
            VALUES (:scope, :dataset, :run, :at, 'SUCCEEDED', :records, :at)
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

    /** A failure also replaces a success of the same run at the same instant: a failure wins a tie. */
    private static final String RUN_FAILED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id, finished_at, outcome, records_affected,
                                error_type, error_message, error_root_cause, last_activity_at)
            VALUES (:scope, :dataset, :run, :at, 'FAILED', 0, :errorType, :errorMessage, :errorRootCause, :at)
            ON DUPLICATE KEY UPDATE
                records_affected = IF(finished_at IS NULL
                                      OR VALUES(finished_at) > finished_at
                                      OR (VALUES(finished_at) = finished_at AND outcome = 'SUCCEEDED'),
                                      0, records_affected),
                error_type = IF(finished_at IS NULL
                                OR VALUES(finished_at) > finished_at
                                OR (VALUES(finished_at) = finished_at AND outcome = 'SUCCEEDED'),
                                VALUES(error_type), error_type),
                error_message = IF(finished_at IS NULL
                                   OR VALUES(finished_at) > finished_at
                                   OR (VALUES(finished_at) = finished_at AND outcome = 'SUCCEEDED'),
                                   VALUES(error_message), error_message),
                error_root_cause = IF(finished_at IS NULL
                                      OR VALUES(finished_at) > finished_at
                                      OR (VALUES(finished_at) = finished_at AND outcome = 'SUCCEEDED'),
                                      VALUES(error_root_cause), error_root_cause),
                outcome = IF(finished_at IS NULL
                             OR VALUES(finished_at) > finished_at
                             OR (VALUES(finished_at) = finished_at AND outcome = 'SUCCEEDED'),
                             'FAILED', outcome),
                finished_at = IF(finished_at IS NULL OR VALUES(finished_at) > finished_at,
                                 VALUES(finished_at), finished_at),
                last_activity_at = GREATEST(last_activity_at, VALUES(last_activity_at))
            """;

    @Override
    public List<String> applyEvent(EventKind kind) {
        return switch (kind) {
            case STARTED -> List.of(STATUS_STARTED, RUN_STARTED);
            case SUCCEEDED -> List.of(STATUS_SUCCEEDED, RUN_SUCCEEDED);
            case FAILED -> List.of(STATUS_FAILED, RUN_FAILED);
        };
    }
}
