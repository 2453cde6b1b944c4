-- Freshness JDBC store, schema version 4, for PostgreSQL 12 or later, with the run history partitioned by day.
-- What JdbcFreshnessStore.using(dataSource).partitionHistoryByDay().createSchemaIfMissing() creates: the same
-- status and schema version tables as postgresql.sql, and a run history PARTITION BY RANGE (activity_day).
-- A history row is a fragment: what one run reported for one (scope, dataset) on one UTC day (activity_day, the UTC
-- day of the event's instant); nearly every run has one, a run across midnight UTC two. The store reads the catalog
-- at start to see whether the history is partitioned, merges a run's fragments when it reads them, creates the
-- daily partitions ${prefix}run_pYYYYMMDD of today and the next days, and prunes by dropping whole days.
-- Rows of a day without a partition of its own go to the DEFAULT partition ${prefix}run_pdefault.
-- To move an existing history to this layout, see migrations/postgresql/ in the source repository.

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

-- Run history: what each run did to each (scope, dataset), one fragment per UTC day of its events.
CREATE TABLE IF NOT EXISTS ${schema}${prefix}run (
    scope_key        VARCHAR(200) COLLATE "C" NOT NULL,
    dataset_key      VARCHAR(100) COLLATE "C" NOT NULL,
    run_id           VARCHAR(200) COLLATE "C" NOT NULL,
    activity_day     DATE NOT NULL,
    job_name         VARCHAR(100),
    started_at       TIMESTAMP(6) WITH TIME ZONE,
    finished_at      TIMESTAMP(6) WITH TIME ZONE,
    outcome          VARCHAR(9),
    records_affected BIGINT NOT NULL DEFAULT 0,
    error_type       VARCHAR(255),
    error_message    VARCHAR(2000),
    error_root_cause VARCHAR(1000),
    last_activity_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ${prefix}run_pk PRIMARY KEY (scope_key, dataset_key, run_id, activity_day)
) PARTITION BY RANGE (activity_day);

-- Every day without a partition of its own (before the first daily partition, or too far ahead).
CREATE TABLE IF NOT EXISTS ${schema}${prefix}run_pdefault PARTITION OF ${schema}${prefix}run DEFAULT;

-- Runs in flight of a (scope, dataset), read with its status; and the start-only fragments a prune keeps.
CREATE INDEX IF NOT EXISTS ${prefix}run_in_flight ON ${schema}${prefix}run (scope_key, dataset_key) WHERE finished_at IS NULL;
-- The outcome-only fragments (a run that started on an earlier day), which a prune keeps when their run goes on later.
CREATE INDEX IF NOT EXISTS ${prefix}run_outcome_only ON ${schema}${prefix}run (scope_key, dataset_key) WHERE started_at IS NULL;
-- Everything one run did.
CREATE INDEX IF NOT EXISTS ${prefix}run_by_run_id ON ${schema}${prefix}run (run_id);
-- Pruning what dropping partitions leaves (the DEFAULT partition): windows in (last activity, key) order.
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
