package dev.freshness.jdbc.internal;

import java.util.List;

/**
 * MariaDB 10.5+: {@code INSERT ... ON DUPLICATE KEY UPDATE}, the incoming row named with {@code VALUES(column)}.
 * The order of the assignments matters; see {@link MySqlFamilyDialect}.
 */
public final class MariaDbDialect extends MySqlFamilyDialect {

    private static final String RUN_STARTED = """
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

    private static final String RUN_SUCCEEDED = """
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

    /** A failure also replaces a success of the same run at the same instant: a failure wins a tie. */
    private static final String RUN_FAILED = """
            INSERT INTO ${run} (scope_key, dataset_key, run_id, finished_at, outcome, records_affected,
                                error_type, error_message, error_root_cause, last_activity_at)
            VALUES (:scope, :dataset, :run, ${at}, 'FAILED', 0, :errorType, :errorMessage, :errorRootCause, ${at})
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
            case STARTED -> List.of(withInstant(RUN_STARTED));
            case SUCCEEDED -> List.of(withInstant(RUN_SUCCEEDED));
            case FAILED -> List.of(withInstant(RUN_FAILED));
        };
    }
}
