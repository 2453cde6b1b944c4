-- Freshness JDBC store, 0.2: one statement per event on MySQL 8.0.29 or later and MariaDB 10.5 or later.
-- Adds the trigger ${freshness_schema}${freshness_prefix}run_merges_status to the tables of version 1 (no table changes).
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Its creator needs the TRIGGER privilege on the run table and, with binary logging on, SUPER (MySQL) or
-- log_bin_trust_function_creators = 1.

-- Each event is one INSERT ... ON DUPLICATE KEY UPDATE into the run history; this trigger merges the same event
-- into the status within that statement, so an event is one statement, atomic on InnoDB. It fires before the
-- history row is written, with NEW holding the event as inserted (not the merged row): the status row is locked
-- before the history row, as pruning expects. The kind of event is told by what it sets: a start sets started_at,
-- a success or a failure sets outcome. Each assignment keeps the merge rule of the status (a later instant, or the
-- same instant and a greater run id), what the event carries first and the instant last, as MySQL and MariaDB
-- evaluate assignments left to right.
CREATE TRIGGER IF NOT EXISTS ${freshness_schema}${freshness_prefix}run_merges_status
BEFORE INSERT ON ${freshness_schema}${freshness_prefix}run FOR EACH ROW
INSERT INTO ${freshness_schema}${freshness_prefix}status
    (scope_key, dataset_key, last_start_at, last_start_run_id,
     last_success_at, last_success_run_id, last_success_records,
     last_failure_at, last_failure_run_id,
     last_failure_error_type, last_failure_error_message, last_failure_root_cause)
VALUES (NEW.scope_key, NEW.dataset_key,
        NEW.started_at, IF(NEW.started_at IS NULL, NULL, NEW.run_id),
        IF(NEW.outcome = 'SUCCEEDED', NEW.finished_at, NULL),
        IF(NEW.outcome = 'SUCCEEDED', NEW.run_id, NULL),
        IF(NEW.outcome = 'SUCCEEDED', NEW.records_affected, NULL),
        IF(NEW.outcome = 'FAILED', NEW.finished_at, NULL),
        IF(NEW.outcome = 'FAILED', NEW.run_id, NULL),
        IF(NEW.outcome = 'FAILED', NEW.error_type, NULL),
        IF(NEW.outcome = 'FAILED', NEW.error_message, NULL),
        IF(NEW.outcome = 'FAILED', NEW.error_root_cause, NULL))
ON DUPLICATE KEY UPDATE
    last_start_run_id = IF(NEW.started_at IS NOT NULL
                           AND (last_start_at IS NULL
                                OR NEW.started_at > last_start_at
                                OR (NEW.started_at = last_start_at AND NEW.run_id > last_start_run_id)),
                           NEW.run_id, last_start_run_id),
    last_start_at = IF(NEW.started_at IS NOT NULL
                       AND (last_start_at IS NULL OR NEW.started_at > last_start_at),
                       NEW.started_at, last_start_at),
    last_success_records = IF(NEW.outcome = 'SUCCEEDED'
                              AND (last_success_at IS NULL
                                   OR NEW.finished_at > last_success_at
                                   OR (NEW.finished_at = last_success_at AND NEW.run_id > last_success_run_id)),
                              NEW.records_affected, last_success_records),
    last_success_run_id = IF(NEW.outcome = 'SUCCEEDED'
                             AND (last_success_at IS NULL
                                  OR NEW.finished_at > last_success_at
                                  OR (NEW.finished_at = last_success_at AND NEW.run_id > last_success_run_id)),
                             NEW.run_id, last_success_run_id),
    last_success_at = IF(NEW.outcome = 'SUCCEEDED'
                         AND (last_success_at IS NULL OR NEW.finished_at > last_success_at),
                         NEW.finished_at, last_success_at),
    last_failure_error_type = IF(NEW.outcome = 'FAILED'
                                 AND (last_failure_at IS NULL
                                      OR NEW.finished_at > last_failure_at
                                      OR (NEW.finished_at = last_failure_at AND NEW.run_id > last_failure_run_id)),
                                 NEW.error_type, last_failure_error_type),
    last_failure_error_message = IF(NEW.outcome = 'FAILED'
                                    AND (last_failure_at IS NULL
                                         OR NEW.finished_at > last_failure_at
                                         OR (NEW.finished_at = last_failure_at AND NEW.run_id > last_failure_run_id)),
                                    NEW.error_message, last_failure_error_message),
    last_failure_root_cause = IF(NEW.outcome = 'FAILED'
                                 AND (last_failure_at IS NULL
                                      OR NEW.finished_at > last_failure_at
                                      OR (NEW.finished_at = last_failure_at AND NEW.run_id > last_failure_run_id)),
                                 NEW.error_root_cause, last_failure_root_cause),
    last_failure_run_id = IF(NEW.outcome = 'FAILED'
                             AND (last_failure_at IS NULL
                                  OR NEW.finished_at > last_failure_at
                                  OR (NEW.finished_at = last_failure_at AND NEW.run_id > last_failure_run_id)),
                             NEW.run_id, last_failure_run_id),
    last_failure_at = IF(NEW.outcome = 'FAILED'
                         AND (last_failure_at IS NULL OR NEW.finished_at > last_failure_at),
                         NEW.finished_at, last_failure_at);
