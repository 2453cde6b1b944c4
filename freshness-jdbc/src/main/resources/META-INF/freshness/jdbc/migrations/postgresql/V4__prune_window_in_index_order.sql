-- Freshness JDBC store, schema version 3 to 4, for PostgreSQL 12 or later, the history in one table or partitioned by day.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Every statement is idempotent and runs in the migration's transaction. CREATE INDEX locks the history against
-- writes while it runs (a scan and a sort of the whole history): to migrate a big history without that, run
-- CREATE INDEX CONCURRENTLY of the new index and DROP INDEX CONCURRENTLY of the old one by hand first (see the
-- README, which also shows how for a history partitioned by day); this migration then finds them done.

-- A prune reads the history in windows of the next records in (last activity, key) order after the last one the
-- window before it read. With the key in the index after the last activity, a window starts at that record inside
-- the index. On the last activity alone, records that share one instant (a run over many scopes that gives its
-- events one instant) had no order in the index: each window read and sorted all of them, so the prune's windows
-- over such a group cost its size squared. It replaces run_by_last_activity.
CREATE INDEX IF NOT EXISTS ${freshness_prefix}run_prune_order ON ${freshness_schema}${freshness_prefix}run (last_activity_at, scope_key, dataset_key, run_id);
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_last_activity;

INSERT INTO ${freshness_schema}${freshness_prefix}schema_version (version) VALUES (4) ON CONFLICT DO NOTHING;
