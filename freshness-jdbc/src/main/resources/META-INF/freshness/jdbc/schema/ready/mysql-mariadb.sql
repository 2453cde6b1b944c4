-- Freshness JDBC store, schema version 2, for MySQL 8.0.29 or later and MariaDB 10.5 or later (one script for both).
-- Creates the tables freshness_status, freshness_run and freshness_schema_version.
-- And the trigger freshness_run_merges_status: its creator needs the TRIGGER privilege on the run table and,
-- with binary logging on, SUPER (MySQL) or log_bin_trust_function_creators = 1.
-- For another table prefix or schema, Dialect.MARIADB.schemaScript(prefix, schema) renders this script.
-- utf8mb4_bin: any Unicode text, and keys and run ids ordered as Java's String.compareTo orders them.
-- Instants are DATETIME(6) holding UTC (microseconds); every statement is idempotent.

-- The current status of each (scope, dataset): read without touching history.
CREATE TABLE IF NOT EXISTS freshness_status (
    scope_key                  VARCHAR(200) NOT NULL,
    dataset_key                VARCHAR(100) NOT NULL,
    last_start_at              DATETIME(6) NULL,
    last_start_run_id          VARCHAR(200) NULL,
    last_success_at            DATETIME(6) NULL,
    last_success_run_id        VARCHAR(200) NULL,
    last_success_records       BIGINT NULL,
    last_failure_at            DATETIME(6) NULL,
    last_failure_run_id        VARCHAR(200) NULL,
    last_failure_error_type    VARCHAR(255) NULL,
    last_failure_error_message VARCHAR(2000) NULL,
    last_failure_root_cause    VARCHAR(1000) NULL,
    PRIMARY KEY (scope_key, dataset_key),
    -- The cross-scope read: the statuses of some datasets last refreshed before an instant.
    KEY freshness_status_by_success (dataset_key, last_success_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Run history: what each run did to each (scope, dataset).
CREATE TABLE IF NOT EXISTS freshness_run (
    scope_key        VARCHAR(200) NOT NULL,
    dataset_key      VARCHAR(100) NOT NULL,
    run_id           VARCHAR(200) NOT NULL,
    job_name         VARCHAR(100) NULL,
    started_at       DATETIME(6) NULL,
    finished_at      DATETIME(6) NULL,
    outcome          VARCHAR(9) NULL,
    records_affected BIGINT NOT NULL DEFAULT 0,
    error_type       VARCHAR(255) NULL,
    error_message    VARCHAR(2000) NULL,
    error_root_cause VARCHAR(1000) NULL,
    last_activity_at DATETIME(6) NOT NULL,
    PRIMARY KEY (scope_key, dataset_key, run_id),
    -- Runs in flight of a (scope, dataset), read with its status. The latest runs of a (scope, dataset) are read
    -- along the primary key and sorted: a status keeps few records between two prunings.
    KEY freshness_run_in_flight (scope_key, dataset_key, finished_at),
    -- Everything one run did.
    KEY freshness_run_by_run_id (run_id),
    -- Pruning old history.
    KEY freshness_run_by_last_activity (last_activity_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS freshness_schema_version (
    version INT NOT NULL PRIMARY KEY
) ENGINE = InnoDB;
-- Tables made now are at the latest version; tables made before keep theirs, so that the store names the
-- migrations they lack. (MySQL reads the table it inserts into only in the FROM clause.)
INSERT IGNORE INTO freshness_schema_version (version)
    SELECT created.version FROM (SELECT 1 AS version UNION ALL SELECT 2) AS created
    LEFT JOIN freshness_schema_version AS existing ON TRUE
    WHERE existing.version IS NULL;

-- Each event is one INSERT ... ON DUPLICATE KEY UPDATE into the run history; this trigger merges the same event
-- into the status within that statement, so an event is one statement, atomic on InnoDB. It fires before the
-- history row is written, with NEW holding the event as inserted (not the merged row): the status row is locked
-- before the history row, as pruning expects. The kind of event is told by what it sets: a start sets started_at,
-- a success or a failure sets outcome. Each assignment keeps the merge rule of the status (a later instant, or the
-- same instant and a greater run id), what the event carries first and the instant last, as MySQL and MariaDB
-- evaluate assignments left to right.
CREATE TRIGGER IF NOT EXISTS freshness_run_merges_status
BEFORE INSERT ON freshness_run FOR EACH ROW
INSERT INTO freshness_status
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
