-- The store's success event on PostgreSQL (PostgresDialect's SUCCEEDED, one statement: the status merge and the
-- history record), on the tables of a ScaleReport --fill-only run (prefix freshness_scale_), for pgbench:
--   pgbench -n -M prepared -c 4 -j 2 -T 90 -f benchmarks/pgbench/success.sql DATABASE
-- A random status among 10^6 tenants x 10 datasets, a new run id each time. See docs/capacity.md, Server settings.
\set t random(1, 1000000)
\set d random(0, 9)
\set r random(1, 9000000000000)
WITH event AS (
    SELECT statement_timestamp() AS at
), status_change AS (
    INSERT INTO freshness_scale_status AS s (scope_key, dataset_key, last_success_at, last_success_run_id, last_success_records)
    SELECT 'tenant-' || lpad(:t::text, 7, '0'), 'dataset_' || :d, event.at, 'pgb-' || :r, 1 FROM event
    ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
        last_success_at = EXCLUDED.last_success_at,
        last_success_run_id = EXCLUDED.last_success_run_id,
        last_success_records = EXCLUDED.last_success_records
    WHERE s.last_success_at IS NULL
       OR EXCLUDED.last_success_at > s.last_success_at
       OR (EXCLUDED.last_success_at = s.last_success_at AND EXCLUDED.last_success_run_id > s.last_success_run_id)
)
INSERT INTO freshness_scale_run AS r (scope_key, dataset_key, run_id, finished_at, outcome, records_affected, last_activity_at)
SELECT 'tenant-' || lpad(:t::text, 7, '0'), 'dataset_' || :d, 'pgb-' || :r, event.at, 'SUCCEEDED', 1, event.at FROM event
ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
    finished_at = EXCLUDED.finished_at, outcome = 'SUCCEEDED', records_affected = EXCLUDED.records_affected,
    error_type = NULL, error_message = NULL, error_root_cause = NULL,
    last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
WHERE r.finished_at IS NULL OR EXCLUDED.finished_at > r.finished_at;
