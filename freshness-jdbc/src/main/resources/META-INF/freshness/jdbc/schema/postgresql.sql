-- Freshness JDBC store, schema version 1, for PostgreSQL 12 or later.
-- Creates the tables ${schema}${prefix}status, ${schema}${prefix}run and ${schema}${prefix}schema_version.
-- For another table prefix or schema, Dialect.POSTGRESQL.schemaScript(prefix, schema) renders this script.
-- Keys and run ids use COLLATE "C" so that SQL orders them as Java's String.compareTo does.
-- Instants are TIMESTAMP WITH TIME ZONE (microseconds); every statement is idempotent.

-- The current status of each (scope, dataset): read without touching history.
CREATE TABLE IF NOT EXISTS ${schema}${prefix}status (
    scope_key                  VARCHAR(200) COLLATE "C" NOT NULL,
    dataset_key                VARCHAR(100) COLLATE "C" NOT NULL,
    last_start_at              TIMESTAMP(6) WITH TIME ZONE,
    last_start_run_id          VARCHAR(200) COLLATE "C",
    last_success_at            TIMESTAMP(6) WITH TIME ZONE,
    last_success_run_id        VARCHAR(200) COLLATE "C",
    last_success_records       BIGINT,
    last_failure_at            TIMESTAMP(6) WITH TIME ZONE,
    last_failure_run_id        VARCHAR(200) COLLATE "C",
    last_failure_error_type    VARCHAR(255),
    last_failure_error_message VARCHAR(2000),
    last_failure_root_cause    VARCHAR(1000),
    CONSTRAINT ${prefix}status_pk PRIMARY KEY (scope_key, dataset_key)
);

-- The cross-scope read: the statuses of some datasets last refreshed before an instant.
CREATE INDEX IF NOT EXISTS ${prefix}status_by_success ON ${schema}${prefix}status (dataset_key, last_success_at);

-- Run history: what each run did to each (scope, dataset).
CREATE TABLE IF NOT EXISTS ${schema}${prefix}run (
    scope_key        VARCHAR(200) COLLATE "C" NOT NULL,
    dataset_key      VARCHAR(100) COLLATE "C" NOT NULL,
    run_id           VARCHAR(200) COLLATE "C" NOT NULL,
    job_name         VARCHAR(100),
    started_at       TIMESTAMP(6) WITH TIME ZONE,
    finished_at      TIMESTAMP(6) WITH TIME ZONE,
    outcome          VARCHAR(9),
    records_affected BIGINT NOT NULL DEFAULT 0,
    error_type       VARCHAR(255),
    error_message    VARCHAR(2000),
    error_root_cause VARCHAR(1000),
    last_activity_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ${prefix}run_pk PRIMARY KEY (scope_key, dataset_key, run_id)
);

-- Runs in flight of a (scope, dataset), read with its status.
CREATE INDEX IF NOT EXISTS ${prefix}run_in_flight ON ${schema}${prefix}run (scope_key, dataset_key) WHERE finished_at IS NULL;
-- The latest runs of a (scope, dataset), newest first.
CREATE INDEX IF NOT EXISTS ${prefix}run_by_activity ON ${schema}${prefix}run (scope_key, dataset_key, last_activity_at);
-- Everything one run did.
CREATE INDEX IF NOT EXISTS ${prefix}run_by_run_id ON ${schema}${prefix}run (run_id);
-- Pruning old history.
CREATE INDEX IF NOT EXISTS ${prefix}run_by_last_activity ON ${schema}${prefix}run (last_activity_at);

CREATE TABLE IF NOT EXISTS ${schema}${prefix}schema_version (
    version INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO ${schema}${prefix}schema_version (version) VALUES (1) ON CONFLICT DO NOTHING;
