-- Freshness JDBC store, schema version 4, for PostgreSQL 12 or later.
-- Creates the tables ${schema}${prefix}status, ${schema}${prefix}run and ${schema}${prefix}schema_version.
-- For another table prefix or schema, Dialect.POSTGRESQL.schemaScript(prefix, schema) renders this script.
-- Keys and run ids use COLLATE "C" so that SQL orders them as Java's String.compareTo does.
-- Instants are TIMESTAMP WITH TIME ZONE (microseconds); every statement is idempotent.
-- Version 2 (see migrations/postgresql/V2__stale_walk_and_hot_updates.sql for a version 1 schema): the status table
-- keeps 15% of each page free so that an update that changes no indexed column (a start, a failure) stays on its
-- page (a HOT update), the index on the last success includes the scope key, and the run history has no index on
-- (scope, dataset, last activity), which duplicated the primary key's first two columns.
-- Version 3 (migrations/postgresql/V3__stale_walk_cursor_in_index.sql for a version 2 schema): the scope key is a key
-- column of that index, so that a page of the stale walk skips the stale statuses before its cursor inside the index.
-- Version 4 (migrations/postgresql/V4__prune_window_in_index_order.sql for a version 3 schema): the history's index
-- for pruning holds the key after the last activity, so that a prune's window starts at its cursor among records
-- that share one instant rather than read and sort every one of them.

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
) WITH (fillfactor = 85);

-- The cross-scope read: the statuses of some datasets never refreshed (-infinity) or last refreshed before an
-- instant, one range per dataset, with the scope key so that a page of the stale walk finds its keys in this index
-- alone (and the last success, without which PostgreSQL reads no index on an expression alone). The scope key is a key
-- column, so that the page's cursor is a condition checked inside the index: the stale statuses before it are
-- skipped there, with no check of their visibility in the table and no sort.
CREATE INDEX IF NOT EXISTS ${prefix}status_stale_walk ON ${schema}${prefix}status (dataset_key, COALESCE(last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)), scope_key) INCLUDE (last_success_at);

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
-- Everything one run did.
CREATE INDEX IF NOT EXISTS ${prefix}run_by_run_id ON ${schema}${prefix}run (run_id);
-- Pruning old history: windows in (last activity, key) order, each from the key the window before it ended at.
CREATE INDEX IF NOT EXISTS ${prefix}run_prune_order ON ${schema}${prefix}run (last_activity_at, scope_key, dataset_key, run_id);

CREATE TABLE IF NOT EXISTS ${schema}${prefix}schema_version (
    version INTEGER NOT NULL PRIMARY KEY
);
-- Tables made now are at the latest version; tables made before keep theirs, so that the store names the
-- migrations they lack.
INSERT INTO ${schema}${prefix}schema_version (version)
    SELECT version FROM (VALUES (1), (2), (3), (4)) AS created(version)
    WHERE NOT EXISTS (SELECT 1 FROM ${schema}${prefix}schema_version)
    ON CONFLICT DO NOTHING;
