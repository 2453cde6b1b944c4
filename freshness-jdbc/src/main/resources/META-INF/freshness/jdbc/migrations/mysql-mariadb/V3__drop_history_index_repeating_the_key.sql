-- Freshness JDBC store, schema version 1 to 2, for MySQL 8.0.29 or later and MariaDB 10.5 or later.
-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema (see the README).
-- MySQL has no DROP INDEX IF EXISTS, so this migration runs once, as Flyway and Liquibase run it.

-- The latest runs of a (scope, dataset) are read along the primary key, whose first two columns this index
-- repeated, and sorted: a status keeps few records between two prunings. Every event wrote this index.
DROP INDEX ${freshness_prefix}run_by_activity ON ${freshness_schema}${freshness_prefix}run;

INSERT IGNORE INTO ${freshness_schema}${freshness_prefix}schema_version (version) VALUES (2);
