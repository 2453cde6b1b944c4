-- Freshness JDBC store, schema version 1, for MySQL 8.0.19 or later and MariaDB 10.5 or later (one script for both).
-- Creates the tables freshness_status, freshness_run and freshness_schema_version.
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
    -- Runs in flight of a (scope, dataset), read with its status.
    KEY freshness_run_in_flight (scope_key, dataset_key, finished_at),
    -- The latest runs of a (scope, dataset), newest first.
    KEY freshness_run_by_activity (scope_key, dataset_key, last_activity_at),
    -- Everything one run did.
    KEY freshness_run_by_run_id (run_id),
    -- Pruning old history.
    KEY freshness_run_by_last_activity (last_activity_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS freshness_schema_version (
    version INT NOT NULL PRIMARY KEY
) ENGINE = InnoDB;
INSERT IGNORE INTO freshness_schema_version (version) VALUES (1);
