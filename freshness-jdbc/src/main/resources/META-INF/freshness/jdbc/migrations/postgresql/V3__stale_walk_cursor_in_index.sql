-- Freshness JDBC store, schema version 2 to 3, for PostgreSQL 12 or later.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Every statement is idempotent and runs in the migration's transaction. CREATE INDEX and DROP INDEX lock the
-- status table against writes while they run (about 20 s at 10^7 statuses): to migrate a big table without that,
-- run CREATE INDEX CONCURRENTLY of the new index and DROP INDEX CONCURRENTLY of the old one by hand first (see the
-- README); this migration then finds them done.

-- The stale walk's index with the scope key as a key column, after the last success: the page's cursor
-- (scope, dataset) > (after) becomes a condition of the index, checked on each entry inside the index, so that the
-- stale statuses before the cursor cost no check of the table's visibility map, no read of the table for a page
-- not all-visible, and no sort. It replaces status_stale, whose scope key was only included.
CREATE INDEX IF NOT EXISTS ${freshness_prefix}status_stale_walk ON ${freshness_schema}${freshness_prefix}status (dataset_key, COALESCE(last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)), scope_key) INCLUDE (last_success_at);
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}status_stale;
-- The planner's statistics of the new index's expression: without them it takes the stale share for a third of the
-- table and walks the primary key instead (100,000 buffers a page at 10^7 statuses, against ~600) until autovacuum
-- next analyzes the table. A sample of 30,000 rows: about a second at 10^7 statuses.
ANALYZE ${freshness_schema}${freshness_prefix}status;

INSERT INTO ${freshness_schema}${freshness_prefix}schema_version (version) VALUES (3) ON CONFLICT DO NOTHING;
