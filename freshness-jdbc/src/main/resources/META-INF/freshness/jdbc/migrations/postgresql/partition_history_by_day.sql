-- Freshness JDBC store, PostgreSQL 12 or later: moves the run history to daily partitions (the layout of
-- schema/postgresql-partitioned.sql). Not a versioned migration: Flyway and Liquibase never run it on their own (its
-- name has no V prefix, no changeSet names it); run it yourself, once, in one transaction, when you choose to.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Needs schema version 2 (migration V2__stale_walk_and_hot_updates.sql): a prune of a partitioned history finds
-- each day's last successes through its index status_stale (status_stale_walk from version 3 on).
-- It copies the whole history (each row becomes the fragment of the UTC day of its last activity) into a new
-- partitioned table, with a partition for every day that has rows and for today and the next 7 days, then drops the
-- old table. Writers of events wait while it runs (minutes for 10^7 rows): run it in a quiet hour. Restart the
-- application's stores afterwards: a store sees the partitioned history when it starts.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ${freshness_schema}${freshness_prefix}schema_version WHERE version = 2) THEN
        RAISE EXCEPTION 'the Freshness tables are not at schema version 2: run V2__stale_walk_and_hot_updates.sql first';
    END IF;
END
$$;

-- Nothing writes the history while it moves.
LOCK TABLE ${freshness_schema}${freshness_prefix}run IN EXCLUSIVE MODE;

ALTER TABLE ${freshness_schema}${freshness_prefix}run RENAME TO ${freshness_prefix}run_unpartitioned;
ALTER TABLE ${freshness_schema}${freshness_prefix}run_unpartitioned RENAME CONSTRAINT ${freshness_prefix}run_pk TO ${freshness_prefix}run_unpartitioned_pk;
ALTER INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_in_flight RENAME TO ${freshness_prefix}run_unpartitioned_in_flight;
ALTER INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_run_id RENAME TO ${freshness_prefix}run_unpartitioned_by_run_id;
ALTER INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_last_activity RENAME TO ${freshness_prefix}run_unpartitioned_by_last_activity;
ALTER INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_activity RENAME TO ${freshness_prefix}run_unpartitioned_by_activity;
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_prune_order;

CREATE TABLE ${freshness_schema}${freshness_prefix}run (
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
    CONSTRAINT ${freshness_prefix}run_pk PRIMARY KEY (scope_key, dataset_key, run_id, activity_day)
) PARTITION BY RANGE (activity_day);

CREATE TABLE ${freshness_schema}${freshness_prefix}run_pdefault PARTITION OF ${freshness_schema}${freshness_prefix}run DEFAULT;

-- A partition for every day of the history, and for today and the next 7 days (UTC).
DO $$
DECLARE
    day DATE;
BEGIN
    FOR day IN
        SELECT DISTINCT CAST((last_activity_at AT TIME ZONE 'UTC') AS DATE)
        FROM ${freshness_schema}${freshness_prefix}run_unpartitioned
        UNION
        SELECT CAST((statement_timestamp() AT TIME ZONE 'UTC') AS DATE) + ahead FROM generate_series(0, 7) AS ahead
    LOOP
        EXECUTE format('CREATE TABLE ${freshness_schema}%I PARTITION OF ${freshness_schema}${freshness_prefix}run'
                       ' FOR VALUES FROM (%L) TO (%L)',
                       '${freshness_prefix}run_p' || to_char(day, 'YYYYMMDD'), day, day + 1);
    END LOOP;
END
$$;

INSERT INTO ${freshness_schema}${freshness_prefix}run (scope_key, dataset_key, run_id, activity_day, job_name, started_at, finished_at, outcome, records_affected, error_type, error_message, error_root_cause, last_activity_at)
SELECT scope_key, dataset_key, run_id, CAST((last_activity_at AT TIME ZONE 'UTC') AS DATE), job_name, started_at, finished_at, outcome, records_affected, error_type, error_message, error_root_cause, last_activity_at
FROM ${freshness_schema}${freshness_prefix}run_unpartitioned;

CREATE INDEX ${freshness_prefix}run_in_flight ON ${freshness_schema}${freshness_prefix}run (scope_key, dataset_key) WHERE finished_at IS NULL;
CREATE INDEX ${freshness_prefix}run_outcome_only ON ${freshness_schema}${freshness_prefix}run (scope_key, dataset_key) WHERE started_at IS NULL;
CREATE INDEX ${freshness_prefix}run_by_run_id ON ${freshness_schema}${freshness_prefix}run (run_id);
CREATE INDEX ${freshness_prefix}run_prune_order ON ${freshness_schema}${freshness_prefix}run (last_activity_at, scope_key, dataset_key, run_id);

DROP TABLE ${freshness_schema}${freshness_prefix}run_unpartitioned;

ANALYZE ${freshness_schema}${freshness_prefix}run;
