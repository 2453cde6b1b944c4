-- Freshness JDBC store, schema version 1 to 2, for PostgreSQL 12 or later.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Every statement is idempotent and runs in the migration's transaction. CREATE INDEX and DROP INDEX lock the
-- status and run tables against writes while they run (seconds to minutes at 10^7 statuses): to migrate a big
-- table without that, run CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY of these two indexes by hand
-- first (see the README); this migration then finds them done.

-- Updates that change no indexed column (a start, a failure) stay on their page when it has room (HOT updates).
-- Applies to the pages written from now on; VACUUM FULL or pg_repack rewrites the existing ones.
ALTER TABLE ${freshness_schema}${freshness_prefix}status SET (fillfactor = 85);

-- The stale walk finds a page's keys in this index alone; it replaces the index without the scope key.
CREATE INDEX IF NOT EXISTS ${freshness_prefix}status_stale ON ${freshness_schema}${freshness_prefix}status (dataset_key, COALESCE(last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE))) INCLUDE (scope_key, last_success_at);
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}status_by_success;

-- The latest runs of a (scope, dataset) are read through the primary key, whose first two columns this repeated.
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_activity;

INSERT INTO ${freshness_schema}${freshness_prefix}schema_version (version) VALUES (2) ON CONFLICT DO NOTHING;
