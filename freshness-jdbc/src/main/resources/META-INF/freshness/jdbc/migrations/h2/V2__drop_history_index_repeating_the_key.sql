-- Freshness JDBC store, schema version 1 to 2, for H2 2.x.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Every statement is idempotent.

-- The latest runs of a (scope, dataset) are read along the primary key, whose first two columns this index
-- repeated, and sorted: a status keeps few records between two prunings. Every event wrote this index; without it a
-- tracked run costs H2 about an eighth less.
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_activity;

MERGE INTO ${freshness_schema}${freshness_prefix}schema_version (version) KEY (version) VALUES (2);
