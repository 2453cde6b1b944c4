package dev.freshness.jdbc.internal;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE <merge rule>}. The status and the history are
 * written by one statement (the status upsert is a data-modifying CTE), so an event costs one round trip and
 * needs no transaction of its own. Its instant is the {@code event} CTE: {@code :at}, or, when the store takes
 * instants from the database (it binds {@code :at} to NULL), {@code statement_timestamp()}, which is stable
 * within the statement, so the status and the history get the same instant. Instants are {@code timestamptz},
 * bound as {@link OffsetDateTime} at UTC.
 */
public class PostgresDialect extends SqlDialect {

    private static final String STARTED = """
            WITH event AS (
                SELECT COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), statement_timestamp()) AS at
            ), status_change AS (
                INSERT INTO ${status} AS s (scope_key, dataset_key, last_start_at, last_start_run_id)
                SELECT :scope, :dataset, event.at, :run FROM event
                ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
                    last_start_at = EXCLUDED.last_start_at,
                    last_start_run_id = EXCLUDED.last_start_run_id
                WHERE s.last_start_at IS NULL
                   OR EXCLUDED.last_start_at > s.last_start_at
                   OR (EXCLUDED.last_start_at = s.last_start_at AND EXCLUDED.last_start_run_id > s.last_start_run_id)
            )
            INSERT INTO ${run} AS r (scope_key, dataset_key, run_id, job_name, started_at, last_activity_at)
            SELECT :scope, :dataset, :run, :job, event.at, event.at FROM event
            ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
                job_name = CASE WHEN r.started_at IS NULL OR EXCLUDED.started_at > r.started_at
                                THEN COALESCE(EXCLUDED.job_name, r.job_name)
                                ELSE COALESCE(r.job_name, EXCLUDED.job_name) END,
                started_at = CASE WHEN r.started_at IS NULL OR EXCLUDED.started_at > r.started_at
                                  THEN EXCLUDED.started_at
                                  ELSE r.started_at END,
                last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
            WHERE r.started_at IS NULL
               OR EXCLUDED.started_at > r.started_at
               OR (r.job_name IS NULL AND EXCLUDED.job_name IS NOT NULL)
            """;

    private static final String SUCCEEDED = """
            WITH event AS (
                SELECT COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), statement_timestamp()) AS at
            ), status_change AS (
                INSERT INTO ${status} AS s (scope_key, dataset_key,
                                            last_success_at, last_success_run_id, last_success_records)
                SELECT :scope, :dataset, event.at, :run, :records FROM event
                ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
                    last_success_at = EXCLUDED.last_success_at,
                    last_success_run_id = EXCLUDED.last_success_run_id,
                    last_success_records = EXCLUDED.last_success_records
                WHERE s.last_success_at IS NULL
                   OR EXCLUDED.last_success_at > s.last_success_at
                   OR (EXCLUDED.last_success_at = s.last_success_at
                       AND EXCLUDED.last_success_run_id > s.last_success_run_id)
            )
            INSERT INTO ${run} AS r (scope_key, dataset_key, run_id,
                                     finished_at, outcome, records_affected, last_activity_at)
            SELECT :scope, :dataset, :run, event.at, 'SUCCEEDED', :records, event.at FROM event
            ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
                finished_at = EXCLUDED.finished_at,
                outcome = 'SUCCEEDED',
                records_affected = EXCLUDED.records_affected,
                error_type = NULL,
                error_message = NULL,
                error_root_cause = NULL,
                last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
            WHERE r.finished_at IS NULL
               OR EXCLUDED.finished_at > r.finished_at
            """;

    /** A failure also replaces a success of the same run at the same instant: a failure wins a tie. */
    private static final String FAILED = """
            WITH event AS (
                SELECT COALESCE(CAST(:at AS TIMESTAMP(6) WITH TIME ZONE), statement_timestamp()) AS at
            ), status_change AS (
                INSERT INTO ${status} AS s (scope_key, dataset_key, last_failure_at, last_failure_run_id,
                                            last_failure_error_type, last_failure_error_message,
                                            last_failure_root_cause)
                SELECT :scope, :dataset, event.at, :run, :errorType, :errorMessage, :errorRootCause FROM event
                ON CONFLICT (scope_key, dataset_key) DO UPDATE SET
                    last_failure_at = EXCLUDED.last_failure_at,
                    last_failure_run_id = EXCLUDED.last_failure_run_id,
                    last_failure_error_type = EXCLUDED.last_failure_error_type,
                    last_failure_error_message = EXCLUDED.last_failure_error_message,
                    last_failure_root_cause = EXCLUDED.last_failure_root_cause
                WHERE s.last_failure_at IS NULL
                   OR EXCLUDED.last_failure_at > s.last_failure_at
                   OR (EXCLUDED.last_failure_at = s.last_failure_at
                       AND EXCLUDED.last_failure_run_id > s.last_failure_run_id)
            )
            INSERT INTO ${run} AS r (scope_key, dataset_key, run_id, finished_at, outcome, records_affected,
                                     error_type, error_message, error_root_cause, last_activity_at)
            SELECT :scope, :dataset, :run, event.at, 'FAILED', 0, :errorType, :errorMessage, :errorRootCause, event.at
            FROM event
            ON CONFLICT (scope_key, dataset_key, run_id) DO UPDATE SET
                finished_at = EXCLUDED.finished_at,
                outcome = 'FAILED',
                records_affected = 0,
                error_type = EXCLUDED.error_type,
                error_message = EXCLUDED.error_message,
                error_root_cause = EXCLUDED.error_root_cause,
                last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at)
            WHERE r.finished_at IS NULL
               OR EXCLUDED.finished_at > r.finished_at
               OR (EXCLUDED.finished_at = r.finished_at AND r.outcome = 'SUCCEEDED')
            """;

    private static final String CREATE_STATUS_IF_ABSENT = """
            INSERT INTO ${status} (scope_key, dataset_key)
            VALUES (:scope, :dataset)
            ON CONFLICT (scope_key, dataset_key) DO NOTHING
            """;

    /** The catalog itself, not information_schema, which hides the tables this user has no privilege on. */
    private static final String FIND_TABLES = """
            SELECT n.nspname AS table_schema, t.relname AS table_name
            FROM pg_class t
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE LOWER(n.nspname) = LOWER(COALESCE(CAST(? AS VARCHAR(63)), current_schema()))
              AND LOWER(t.relname) = LOWER(?)
              AND t.relkind IN ('r', 'p')
            """;

    /**
     * Each column with its collation ({@code pg_attribute.attcollation}) and, for the database default, the
     * database's own (its provider read through {@code to_jsonb}, as {@code datlocprovider} only exists from 15 on).
     */
    private static final String DESCRIBE_COLUMNS = """
            SELECT n.nspname AS table_schema, t.relname AS table_name, a.attname AS column_name,
                   format_type(a.atttypid, a.atttypmod) AS column_type,
                   c.collname AS collation_name, c.collprovider AS collation_provider,
                   c.collcollate AS collation_locale, c.collisdeterministic AS deterministic,
                   d.datcollate AS database_locale, to_jsonb(d) ->> 'datlocprovider' AS database_provider
            FROM pg_class t
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_collation c ON c.oid = a.attcollation
            CROSS JOIN pg_database d
            WHERE d.datname = current_database()
              AND LOWER(n.nspname) = LOWER(COALESCE(CAST(? AS VARCHAR(63)), current_schema()))
              AND LOWER(t.relname) = LOWER(?)
              AND t.relkind IN ('r', 'p')
            """;

    /**
     * A row-value comparison: PostgreSQL makes it one condition of the primary key's index, so that the scan starts
     * at the cursor and a page reads its own rows, at any depth of the walk. (The default {@code OR} is no index
     * condition on PostgreSQL: the scan started at the first key and page k read the k pages before it.)
     */
    private static final String AFTER_CURSOR = "(scope_key, dataset_key) > (:afterScope, :afterDataset)";

    /**
     * The runs in flight of a cross-scope page's status {@code s}, looked up in the partial index
     * {@code run_in_flight} for each status of the page ({@code OFFSET 0} keeps the subquery from being merged into a
     * join): a merge join, which the planner picks when its statistics of the history count few runs in flight, reads
     * that index from its first key to the page's last, so that a page deep in the walk read every run in flight
     * before it (2,580 buffers for 2,000 runs in flight at 10^7 statuses, against 200 for the lookups).
     */
    static final String IN_FLIGHT_OF_THE_STATUS =
            "WHERE f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL\n";

    /** The join of the runs in flight as {@link SqlDialect} writes it for every database. */
    private static final String IN_FLIGHT_JOIN = """
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            """;

    /** See {@link #IN_FLIGHT_OF_THE_STATUS}. */
    private static final String IN_FLIGHT_LOOKUP = """
            LEFT JOIN LATERAL (
                SELECT f.scope_key, f.dataset_key, f.run_id, f.started_at
                FROM ${run} f
            """ + "    " + IN_FLIGHT_OF_THE_STATUS + """
                OFFSET 0
            ) f ON TRUE
            """;

    /**
     * The stale walk: a page's keys first, then those rows by primary key, then the runs in flight of each (see
     * {@link #IN_FLIGHT_OF_THE_STATUS}). The keys come from the index on (dataset, last success or -infinity, scope)
     * that includes the last success (schema version 3), read alone: a never-refreshed status (NULL) is -infinity
     * there, so the filter is one range of that index per dataset, where {@code IS NULL OR <} would be no index-only
     * range; and PostgreSQL only reads an index on an expression alone when the columns inside it are in the index
     * too. The cursor's row comparison is a condition of that index, as
     * its columns are key columns of it: the stale statuses before the cursor are skipped inside the index, and only
     * those after it are checked against the table's visibility map (read from the table for a page not all-visible)
     * and sorted. On version 2, whose index only includes the scope key, the cursor filters the keys after those
     * checks; on version 1, the same query gives the same rows with the version 1 plans. When the filter keeps most
     * statuses, the planner walks the primary key from the cursor instead, as the unfiltered walk does.
     */
    private static final String STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE = """
            WITH page AS (
                SELECT scope_key, dataset_key
                FROM ${status}
                WHERE dataset_key IN (${datasets})
                  AND COALESCE(last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)) < :before
                  AND (scope_key, dataset_key) > (:afterScope, :afterDataset)
                ORDER BY scope_key, dataset_key
                LIMIT :limit
            )
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.scope_key AS in_flight_scope_key, f.dataset_key AS in_flight_dataset_key,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM page p
            JOIN ${status} s ON s.scope_key = p.scope_key AND s.dataset_key = p.dataset_key
            """ + IN_FLIGHT_LOOKUP + """
            ORDER BY s.scope_key, s.dataset_key
            """;

    /** The interface of pgjdbc's statements that sets when a statement is prepared on the server. */
    private static final String PGJDBC_STATEMENT = "org.postgresql.PGStatement";

    /**
     * Per statement class (a driver's, or a pool's proxy), pgjdbc's {@code PGStatement} as its class loader sees
     * it, or empty when that driver is not pgjdbc; looked up by name, as the driver is no dependency of the store.
     */
    private static final ClassValue<Optional<Class<?>>> PGJDBC_STATEMENT_TYPE = new ClassValue<>() {
        @Override
        protected Optional<Class<?>> computeValue(Class<?> statementClass) {
            for (ClassLoader loader : new ClassLoader[] {statementClass.getClassLoader(),
                    Thread.currentThread().getContextClassLoader(), PostgresDialect.class.getClassLoader()}) {
                try {
                    return Optional.of(Class.forName(PGJDBC_STATEMENT, false, loader));
                } catch (ClassNotFoundException | LinkageError notThere) {
                    // Not visible from this loader: try the next one.
                }
            }
            return Optional.empty();
        }
    };

    /** Collations that compare and order text by its bytes (code points, in UTF-8), as the shipped DDL's "C". */
    private static final Set<String> BINARY_COLLATIONS = Set.of("C", "POSIX", "ucs_basic", "pg_c_utf8");

    /** Locales of the libc and builtin providers that compare by bytes or code points. */
    private static final Set<String> BINARY_LOCALES = Set.of("C", "POSIX", "C.UTF-8", "C.utf8");

    /** See {@link #plansSliceByPrimaryKey()}. */
    private static final String SLICE_BY_PRIMARY_KEY = switchOff("enable_seqscan", "enable_indexscan");

    /** See {@link #plansWindowInIndexOrder()}. */
    private static final String WINDOW_IN_INDEX_ORDER = switchOff("enable_seqscan", "enable_bitmapscan", "enable_sort");

    @Override
    public List<String> applyEvent(EventKind kind) {
        return switch (kind) {
            case STARTED -> List.of(STARTED);
            case SUCCEEDED -> List.of(SUCCEEDED);
            case FAILED -> List.of(FAILED);
        };
    }

    @Override
    public String createStatusIfAbsent() {
        return CREATE_STATUS_IF_ABSENT;
    }

    /** None: each event is one statement that reads the clock itself. */
    @Override
    public String databaseTimeQuery() {
        return null;
    }

    /** See {@link SqlDialect#pruneLocksStatuses()}: the history rows first, as the event's statement writes them. */
    @Override
    public boolean pruneLocksStatuses() {
        return false;
    }

    /**
     * Leaves the slice's statements bitmap scans only: one probe of a primary key per record or pair, as planned with
     * statistics. A slice's {@code IN} list of 200 row values is an {@code OR} of 200 conditions, and where the
     * tables have no statistics (a server with autovacuum off, a table not analyzed since it was created)
     * PostgreSQL may read the whole table and test every row against all 200 instead, which made a slice's time grow
     * with the history: 150-400 ms a statement for a few thousand records under load, against 3 ms.
     */
    @Override
    public String plansSliceByPrimaryKey() {
        return SLICE_BY_PRIMARY_KEY;
    }

    /**
     * Leaves the window an index scan of the index for pruning from its cursor, stopped at the window's end (on a
     * schema before version 4, an index scan in last-activity order with a sort of equal instants). Without
     * statistics PostgreSQL expects one row older than the cutoff, and sorts every record older than it (or reads the
     * whole table) for each window.
     */
    @Override
    public String plansWindowInIndexOrder() {
        return WINDOW_IN_INDEX_ORDER;
    }

    /**
     * Switches {@code settings} off for the rest of the transaction; their values before. The materialized CTE reads
     * each value before the outer query sets it. Not {@code pg_settings}, which builds a row for every one of the
     * server's ~350 settings: 0.6 ms a query against 0.03 ms, twice per slice of a prune.
     */
    private static String switchOff(String... settings) {
        return """
                WITH planner AS MATERIALIZED (
                    SELECT name, current_setting(name) AS setting
                    FROM (VALUES %s) AS settings(name)
                )
                SELECT name, setting, set_config(name, 'off', true)
                FROM planner
                """.formatted(Arrays.stream(settings).map(name -> "('" + name + "')")
                        .collect(Collectors.joining(", ")));
    }

    @Override
    public String restoreSetting() {
        return "SELECT set_config(:name, :setting, true)";
    }

    /** pgjdbc's query timeout schedules a task on its shared timer for every execution: see {@link StatementWatchdog}. */
    @Override
    public boolean boundsEventsByWatchdog() {
        return true;
    }

    @Override
    protected String afterCursor() {
        return AFTER_CURSOR;
    }

    /**
     * Version 3: the index of the stale walk with the cursor's columns as key columns. Version 2 brought that index
     * (with the scope key included only), a fillfactor that keeps room for HOT updates and one index less on the
     * history. Version 4: the history's index for pruning holds the key after the last activity. Versions 1 to 3
     * still work: the SQL reads and writes the same columns.
     */
    @Override
    public int currentSchemaVersion() {
        return 4;
    }

    @Override
    public int oldestWorkingSchemaVersion() {
        return 1;
    }

    @Override
    public String whatMigrationsBring() {
        return "migrations V2__stale_walk_and_hot_updates.sql, V3__stale_walk_cursor_in_index.sql and"
                + " V4__prune_window_in_index_order.sql (Liquibase changeSets freshness-schema-2-postgresql to"
                + " freshness-schema-4-postgresql) make a page of the stale walk read an index only and skip the"
                + " statuses before its cursor inside it, give the status table room for HOT updates, drop a history"
                + " index that repeated the primary key and let a prune's windows start at their cursor among"
                + " records that share one instant";
    }

    /** See {@link #STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE}. */
    @Override
    public String statusesAcrossScopesSucceededBefore() {
        return STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE;
    }

    /** The unfiltered walk, its runs in flight looked up per status (see {@link #IN_FLIGHT_OF_THE_STATUS}). */
    @Override
    public String statusesAcrossScopes() {
        String sql = super.statusesAcrossScopes();
        if (sql.indexOf(IN_FLIGHT_JOIN) < 0) {
            throw new IllegalStateException("expected the join of the runs in flight in " + sql);
        }
        return sql.replace(IN_FLIGHT_JOIN, IN_FLIGHT_LOOKUP);
    }

    /**
     * Sets pgjdbc's prepare threshold of {@code statement} to 0. pgjdbc prepares a statement on the server from its
     * fifth execution on a connection ({@code prepareThreshold}, 5 by default), and PostgreSQL plans a prepared
     * statement without its values from its sixth execution when that plan looks no dearer than the ones made
     * with them: for a cross-scope read that is the walk of the whole primary key (one page of a healthy dataset
     * went from 0.5 ms to over a second at 10^7 statuses). With 0, pgjdbc sends the statement unnamed at every
     * execution, which PostgreSQL always plans with its values. Other drivers are left as they are.
     */
    @Override
    public void planWithValues(PreparedStatement statement) throws SQLException {
        Optional<Class<?>> pgStatement = PGJDBC_STATEMENT_TYPE.get(statement.getClass());
        if (pgStatement.isEmpty() || !statement.isWrapperFor(pgStatement.get())) {
            return;
        }
        Object driverStatement = statement.unwrap(pgStatement.get());
        try {
            pgStatement.get().getMethod("setPrepareThreshold", int.class).invoke(driverStatement, 0);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("pgjdbc's setPrepareThreshold failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this pgjdbc has no PGStatement.setPrepareThreshold(int)", e);
        }
    }

    @Override
    public String findTables() {
        return FIND_TABLES;
    }

    /**
     * Asks {@code has_table_privilege}, which counts roles and {@code PUBLIC} as the server does: trying a statement
     * would leave a "permission denied" error in the server's log at every start.
     */
    @Override
    public List<String> missingPrivileges(Connection connection, String table, List<String> requiredColumns,
                                          List<String> privileges) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT has_table_privilege(?, ?)")) {
            for (String privilege : privileges) {
                query.setString(1, table);
                query.setString(2, privilege);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next() || !row.getBoolean(1)) {
                        missing.add(privilege);
                    }
                }
            }
        }
        return missing;
    }

    @Override
    public String describeColumns() {
        return DESCRIBE_COLUMNS;
    }

    @Override
    public String nonBinaryComparison(ResultSet column, String table) throws SQLException {
        String name = column.getString("collation_name");
        if (name == null || BINARY_COLLATIONS.contains(name)) {
            return null;
        }
        String described;
        if (name.equals("default")) {
            String provider = column.getString("database_provider");
            String locale = column.getString("database_locale");
            if ((provider == null || provider.equals("c") || provider.equals("b")) && BINARY_LOCALES.contains(locale)) {
                return null;
            }
            described = "the database's default collation" + ("i".equals(provider) ? " (ICU)" : " (" + locale + ")");
        } else {
            if (!"i".equals(column.getString("collation_provider"))
                    && BINARY_LOCALES.contains(column.getString("collation_locale"))) {
                return null;
            }
            described = "collation " + name + (column.getBoolean("deterministic") ? "" : " (nondeterministic)");
        }
        return "compares with " + described + ", not by bytes as COLLATE \"C\" of the shipped DDL does. Run ALTER TABLE "
                + table + " ALTER COLUMN " + column.getString("column_name") + " TYPE " + column.getString("column_type")
                + " COLLATE \"C\"";
    }

    /**
     * A transaction-scoped advisory lock, taken in the transaction that creates the tables: PostgreSQL's DDL is
     * transactional, so a node that waited finds the tables complete, or not at all.
     */
    @Override
    public void createExclusively(Connection connection, String name, SchemaCreation creation) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '60s'");
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey(name));
                lock.executeQuery().close();
            }
            creation.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

}
