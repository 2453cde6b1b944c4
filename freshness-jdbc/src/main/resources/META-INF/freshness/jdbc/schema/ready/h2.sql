-- Freshness JDBC store, schema version 4, for H2 2.x.
-- Creates the tables freshness_status, freshness_run and freshness_schema_version.
-- For another table prefix or schema, Dialect.H2.schemaScript(prefix, schema) renders this script.
-- H2 compares text as Java's String.compareTo does. Instants are TIMESTAMP WITH TIME ZONE (microseconds).
-- Every statement is idempotent.

-- The current status of each (scope, dataset): read without touching history.
CREATE TABLE IF NOT EXISTS freshness_status (
    scope_key                  VARCHAR(200) NOT NULL,
    dataset_key                VARCHAR(100) NOT NULL,
    last_start_at              TIMESTAMP(6) WITH TIME ZONE,
    last_start_run_id          VARCHAR(200),
    last_success_at            TIMESTAMP(6) WITH TIME ZONE,
    last_success_run_id        VARCHAR(200),
    last_success_records       BIGINT,
    last_failure_at            TIMESTAMP(6) WITH TIME ZONE,
    last_failure_run_id        VARCHAR(200),
    last_failure_error_type    VARCHAR(255),
    last_failure_error_message VARCHAR(2000),
    last_failure_root_cause    VARCHAR(1000),
    CONSTRAINT freshness_status_pk PRIMARY KEY (scope_key, dataset_key)
);

-- The cross-scope read: the statuses of some datasets last refreshed before an instant.
CREATE INDEX IF NOT EXISTS freshness_status_by_success ON freshness_status (dataset_key, last_success_at);

-- Run history: what each run did to each (scope, dataset).
CREATE TABLE IF NOT EXISTS freshness_run (
    scope_key        VARCHAR(200) NOT NULL,
    dataset_key      VARCHAR(100) NOT NULL,
    run_id           VARCHAR(200) NOT NULL,
    job_name         VARCHAR(100),
    started_at       TIMESTAMP(6) WITH TIME ZONE,
    finished_at      TIMESTAMP(6) WITH TIME ZONE,
    outcome          VARCHAR(9),
    records_affected BIGINT DEFAULT 0 NOT NULL,
    error_type       VARCHAR(255),
    error_message    VARCHAR(2000),
    error_root_cause VARCHAR(1000),
    last_activity_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT freshness_run_pk PRIMARY KEY (run_id, scope_key, dataset_key)
);

-- The primary key leads with the run: everything one run did is read along it. H2 rewrites every index of a
-- row that changes, so the history keeps only the indexes its reads need.
-- Runs in flight of a (scope, dataset), read with its status; the latest runs of a (scope, dataset) are read along
-- it and sorted: a status keeps few records between two prunings.
CREATE INDEX IF NOT EXISTS freshness_run_in_flight ON freshness_run (scope_key, dataset_key, finished_at);
-- Pruning old history: windows in (last activity, key) order, each from the key the window before it ended at.
CREATE INDEX IF NOT EXISTS freshness_run_prune_order ON freshness_run (last_activity_at, scope_key, dataset_key, run_id);

CREATE TABLE IF NOT EXISTS freshness_schema_version (
    version INTEGER NOT NULL PRIMARY KEY
);
-- Tables made now are at the latest version; tables made before keep theirs, so that the store names the
-- migrations they lack.
INSERT INTO freshness_schema_version (version)
    SELECT version FROM (VALUES (1), (2), (3), (4)) AS created(version)
    WHERE NOT EXISTS (SELECT 1 FROM freshness_schema_version);
