package dev.freshness.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every statement the store runs on one database, as whole SQL text. Only table names are filled in
 * (<code>${status}</code>, <code>${run}</code>, <code>${schema_version}</code>, see {@link TableNames#render}),
 * and, in the reads, the lists of named parameters of an {@code IN} (<code>${scopes}</code>,
 * <code>${datasets}</code>, see {@link Statements}). Every value is a named parameter.
 *
 * <p>Each database writes events with its own atomic upsert, the merge rules of
 * {@link dev.freshness.spi.EventMerge} written as its conditions; the reads and the pruning are the same SQL on
 * every database and live here, but for the cursor condition of the cross-scope reads ({@link #afterCursor()})
 * and how a slice of a prune finds and locks its rows ({@link #pruneRunsIndexHint()}).
 * Besides SQL, a dialect says how instants are bound and read, how the reads are prepared, and which errors are
 * worth a retry.
 *
 * <p>Event parameters: {@code :scope :dataset :run :at}, and {@code :job} (start), {@code :records} (success),
 * {@code :errorType :errorMessage :errorRootCause} (failure); a statement may leave some of them unused.
 */
public abstract class SqlDialect {

    // The statuses read with their runs in flight: one row per status, or one per run in flight of it, which
    // RowReader.statuses folds back into statuses.

    private static final String STATUSES = """
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.scope_key AS in_flight_scope_key, f.dataset_key AS in_flight_dataset_key,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM ${status} s
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            WHERE s.scope_key IN (${scopes})
              AND s.dataset_key IN (${datasets})
            """;

    private static final String STATUSES_ACROSS_SCOPES = """
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.scope_key AS in_flight_scope_key, f.dataset_key AS in_flight_dataset_key,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM (SELECT *
                  FROM ${status}
                  WHERE dataset_key IN (${datasets})
                    AND ${afterCursor}
                  ORDER BY scope_key, dataset_key
                  LIMIT :limit) s
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            ORDER BY s.scope_key, s.dataset_key
            """;

    private static final String STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE = """
            SELECT s.scope_key, s.dataset_key,
                   s.last_start_at, s.last_start_run_id,
                   s.last_success_at, s.last_success_run_id, s.last_success_records,
                   s.last_failure_at, s.last_failure_run_id,
                   s.last_failure_error_type, s.last_failure_error_message, s.last_failure_root_cause,
                   f.scope_key AS in_flight_scope_key, f.dataset_key AS in_flight_dataset_key,
                   f.run_id AS in_flight_run_id, f.started_at AS in_flight_started_at
            FROM (SELECT *
                  FROM ${status}
                  WHERE dataset_key IN (${datasets})
                    AND (last_success_at IS NULL OR last_success_at < :before)
                    AND ${afterCursor}
                  ORDER BY scope_key, dataset_key
                  LIMIT :limit) s
            LEFT JOIN ${run} f
                   ON f.scope_key = s.scope_key AND f.dataset_key = s.dataset_key AND f.finished_at IS NULL
            ORDER BY s.scope_key, s.dataset_key
            """;

    /**
     * The rows after the cursor, in the order of the primary key, written so that MariaDB's range optimizer makes it
     * one range of the primary key (10.11 scans the whole index for a row-value comparison).
     */
    private static final String AFTER_CURSOR_AS_OR =
            "(scope_key > :afterScope OR (scope_key = :afterScope AND dataset_key > :afterDataset))";

    private static final String AFTER_CURSOR = "${afterCursor}";

    private static final String RUN_HISTORY = """
            SELECT scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome, records_affected,
                   error_type, error_message, error_root_cause, last_activity_at
            FROM ${run}
            WHERE run_id = :run
            ORDER BY scope_key, dataset_key
            """;

    private static final String HISTORY = """
            SELECT scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome, records_affected,
                   error_type, error_message, error_root_cause, last_activity_at
            FROM ${run}
            WHERE scope_key = :scope AND dataset_key = :dataset
            ORDER BY last_activity_at DESC, run_id
            LIMIT :limit
            """;

    // Pruning goes in slices. Each reads a window of the history in (last activity, key) order, from just after the
    // last record the slice before it read, with each record's last success probed by the status's primary key; the
    // window is only a hint: the records it proposes are locked, checked again and deleted by primary key in a short
    // transaction of the slice's own (see pruneLocksStatuses). The window never reads a record twice, so the last
    // successes it keeps, which gather at the old end of the history, cost one read each for the whole prune rather
    // than one per slice. The subquery's ORDER BY is the order of the index for pruning: on H2 and PostgreSQL its
    // key columns from schema version 4 on (before it, an index on the last activity alone, with a sort of every
    // record of the cursor's instant at each window), on InnoDB the last activity, as its secondary keys end with
    // the primary key. So the window starts at its cursor inside the index, even among records that share one
    // instant; its redundant "last_activity_at >=" is what MariaDB takes for the range, as it makes no range of a
    // row-value comparison. The status is probed by a scalar subquery, not a join, so that no database hashes the
    // whole status table for a window of 200 records, as PostgreSQL does with a join while the status table is small
    // enough.

    private static final String PRUNE_WINDOW = """
            SELECT w.scope_key, w.dataset_key, w.run_id, w.last_activity_at,
                   (SELECT s.last_success_run_id
                    FROM ${status} s
                    WHERE s.scope_key = w.scope_key AND s.dataset_key = w.dataset_key) AS last_success_run_id
            FROM (SELECT scope_key, dataset_key, run_id, last_activity_at
                  FROM ${run}
                  WHERE last_activity_at < :olderThan${afterPruned}
                  ORDER BY last_activity_at, scope_key, dataset_key, run_id
                  LIMIT :limit) w
            ORDER BY w.last_activity_at, w.scope_key, w.dataset_key, w.run_id
            """;

    private static final String AFTER_PRUNED = "${afterPruned}";

    private static final String AFTER_PRUNED_CONDITION = """

                    AND last_activity_at >= :afterActivity
                    AND (last_activity_at, scope_key, dataset_key, run_id)
                        > (:afterActivity, :afterScope, :afterDataset, :afterRun)""";

    private static final String PRUNE_STATUSES = """
            SELECT scope_key, dataset_key, last_success_run_id
            FROM ${status}
            WHERE (scope_key, dataset_key) IN (${pairKeys})
            ORDER BY scope_key, dataset_key
            """;

    private static final String PRUNE_RUNS = """
            SELECT scope_key, dataset_key, run_id, last_activity_at
            FROM ${run}${byPrimaryKey}
            WHERE (${runKeyColumns}) IN (${runKeys})
            ORDER BY scope_key, dataset_key, run_id
            FOR UPDATE
            """;

    private static final String PRUNE_DELETE = """
            DELETE FROM ${run}
            WHERE (${runKeyColumns}) IN (${runKeys})
            """;

    private static final String SCHEMA_VERSION = "SELECT MAX(version) FROM ${schema_version}";

    private static final String FIND_STORE_LIKE_TABLES = """
            SELECT table_schema, table_name
            FROM information_schema.tables
            WHERE LOWER(table_schema) NOT IN ('information_schema', 'pg_catalog', 'mysql', 'performance_schema', 'sys')
              AND (LOWER(table_name) LIKE '%status' OR LOWER(table_name) LIKE '%run'
                   OR LOWER(table_name) LIKE '%schema_version')
            """;

    /** The locks of {@link #createExclusively} on H2, one per database and set of tables, held only while creating. */
    private static final Map<String, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    // ---- events: each database its own --------------------------------------------------------------------

    /**
     * The statements that merge an event of {@code kind} into the status and the history, run in this order in
     * one transaction. When there is a single statement, it takes the database clock itself when {@code :at} is
     * NULL; otherwise the store reads the clock with {@link #databaseTimeQuery()} first.
     */
    public abstract List<String> applyEvent(EventKind kind);

    /**
     * Inserts an empty status for ({@code :scope}, {@code :dataset}) unless one exists, leaving an existing one
     * exactly as it is, atomically.
     */
    public abstract String createStatusIfAbsent();

    /**
     * A query returning the database clock as one timestamp, read back with {@link #readInstant}; null when the
     * event statements are one per event and read the clock themselves.
     */
    public abstract String databaseTimeQuery();

    /**
     * The name, after the table prefix, of a trigger on the run table that the event statements rely on (it merges
     * each event into the status), or null when the database needs none (the default).
     */
    public String eventTrigger() {
        return null;
    }

    /**
     * A catalog query returning a row when the trigger {@code ?} (second parameter, the whole name) exists in the
     * schema {@code ?} (first parameter, NULL for the current one) on the table {@code ?} (third parameter) and
     * fires as {@link #eventTrigger()} needs; null when {@link #eventTrigger()} is null.
     */
    public String findTrigger() {
        return null;
    }

    // ---- reads and pruning, the same on every database ----------------------------------------------------

    /** Statuses of <code>${scopes}</code> x <code>${datasets}</code>, one row per status or per run in flight of it. */
    public String statuses() {
        return STATUSES;
    }

    /**
     * One page of statuses of <code>${datasets}</code> across scopes, after the cursor ({@code :afterScope},
     * {@code :afterDataset}; both empty for the first page, as no key is empty), at most {@code :limit}, ordered
     * by scope then dataset, with their runs in flight.
     */
    public String statusesAcrossScopes() {
        return STATUSES_ACROSS_SCOPES.replace(AFTER_CURSOR, afterCursor());
    }

    /**
     * {@link #statusesAcrossScopes()}, keeping only the statuses that never succeeded or last did before
     * {@code :before}.
     */
    public String statusesAcrossScopesSucceededBefore() {
        return STATUSES_ACROSS_SCOPES_SUCCEEDED_BEFORE.replace(AFTER_CURSOR, afterCursor());
    }

    /**
     * A part of {@link #statusesAcrossScopesSucceededBefore()} written once for each dataset of the page, the parts
     * joined by {@code UNION ALL} in place of <code>${eachDataset}</code>, each with the dataset's parameter in place
     * of <code>${dataset}</code>; null (the default) when that statement has no such part.
     */
    public String staleStatusesOfOneDataset() {
        return null;
    }

    /**
     * The condition of the cross-scope reads that keeps the statuses after ({@code :afterScope},
     * {@code :afterDataset}) in (scope key, dataset key) order. It must bound a range of the primary key, so that a
     * page costs its own rows whatever its position in the walk; by default an {@code OR} of the two cases, which
     * MariaDB's range optimizer turns into one range (H2's unfiltered walk takes a row value instead, see
     * {@link H2Dialect#statusesAcrossScopes()}).
     */
    protected String afterCursor() {
        return AFTER_CURSOR_AS_OR;
    }

    /**
     * Keeps {@code statement} planned with its values at every execution, on a driver that would otherwise
     * prepare it once on the server after a few uses and let the database pick one plan for every value. The
     * cross-scope reads need this: the best plan depends on the datasets and the instant (an index on the last
     * success for a filter that keeps few statuses, the primary key otherwise), and a plan made without them walks
     * the whole primary key for a healthy dataset. By default nothing: only PostgreSQL's driver does this.
     */
    public void planWithValues(PreparedStatement statement) throws SQLException {
        // Nothing to do on H2, MySQL and MariaDB: their drivers plan each execution with its values.
    }

    /** Every record of run {@code :run}, by scope then dataset. */
    public String runHistory() {
        return RUN_HISTORY;
    }

    /** The latest {@code :limit} records of ({@code :scope}, {@code :dataset}), newest activity first. */
    public String history() {
        return HISTORY;
    }

    /**
     * The window of the next slice to prune: at most {@code :limit} records ({@code scope_key},
     * {@code dataset_key}, {@code run_id}, {@code last_activity_at}) whose last activity is before
     * {@code :olderThan}, oldest first, then by key, each with its pair's {@code last_success_run_id} (NULL without
     * a status), read without a lock. {@code fromCursor}: only the records after ({@code :afterActivity},
     * {@code :afterScope}, {@code :afterDataset}, {@code :afterRun}), the last record of the window before.
     */
    public String pruneWindow(boolean fromCursor) {
        return PRUNE_WINDOW.replace(AFTER_PRUNED, fromCursor ? AFTER_PRUNED_CONDITION : "");
    }

    /**
     * The last success ({@code last_success_run_id}) of the pairs of a slice (<code>${pairKeys}</code>), locked
     * when {@link #pruneLocksStatuses()}.
     */
    public String pruneStatuses() {
        return pruneLocksStatuses() ? PRUNE_STATUSES + "FOR UPDATE\n" : PRUNE_STATUSES;
    }

    /** The records of a slice (<code>${runKeys}</code>) with their last activity, locked. */
    public String pruneRuns() {
        return PRUNE_RUNS.replace("${byPrimaryKey}", pruneRunsIndexHint())
                .replace("${runKeyColumns}", String.join(", ", runKeyColumns()));
    }

    /**
     * The key columns of the run table ({@code scope_key}, {@code dataset_key}, {@code run_id}) in the order of its
     * primary key, the order of the row values of {@link #pruneRuns()} and {@link #pruneDelete()}: H2 finds a row
     * value {@code IN} list by the primary key only when its columns are in the key's order, and otherwise reads
     * the whole table for each slice.
     */
    public List<String> runKeyColumns() {
        return List.of("scope_key", "dataset_key", "run_id");
    }

    /**
     * What follows the run table's name in {@link #pruneRuns()} so that the records are found (and locked) by
     * primary key, one record lock each; nothing by default.
     */
    protected String pruneRunsIndexHint() {
        return "";
    }

    /** Deletes the records of a slice (<code>${runKeys}</code>) by primary key. */
    public String pruneDelete() {
        return PRUNE_DELETE.replace("${runKeyColumns}", String.join(", ", runKeyColumns()));
    }

    /**
     * A query run first in each slice's transaction that makes the database find the slice's records by primary key
     * ({@link #pruneStatuses()}, {@link #pruneRuns()}, {@link #pruneDelete()}) as it does with statistics of the
     * tables, where it has none, for the rest of that transaction only; it returns one row per setting it changed,
     * {@code name} and {@code setting} (its value before), for {@link #restoreSetting()}. Null (the default) when the
     * database needs none.
     */
    public String plansSliceByPrimaryKey() {
        return null;
    }

    /**
     * Like {@link #plansSliceByPrimaryKey()}, for the window of a slice ({@link #pruneWindow}): its records read in
     * the order of the index on the last activity, as many as the window holds, with statistics or without. A
     * window is then read in a transaction of its own. Null (the default) when the database needs none.
     */
    public String plansWindowInIndexOrder() {
        return null;
    }

    /**
     * Sets the setting {@code :name} back to {@code :setting} for the rest of the transaction: what a prune in a
     * caller's transaction does after {@link #plansSliceByPrimaryKey()} or {@link #plansWindowInIndexOrder()}, so
     * that the caller's own statements plan as before. Null when both are.
     */
    public String restoreSetting() {
        return null;
    }

    /**
     * How a slice is locked before it is checked again and deleted: in the order every writer locks, so that a
     * prune waits for a writer in flight on the slice's rows and keeps the next one out, and never deadlocks with
     * one. True (MySQL, MariaDB, whose one statement per event upserts the status row first, in the history insert's
     * BEFORE INSERT trigger, then the history row): the status rows of the slice's pairs, then its history rows.
     * False (PostgreSQL, whose one statement per event writes the history row before the status row, as a
     * data-modifying CTE runs after the main statement; H2, whose status MERGE reads the history MERGE's FINAL
     * TABLE): the history rows,
     * then the statuses are read, unlocked, by a statement of their own, which sees every success committed before:
     * a success of a locked record cannot commit until the prune does.
     */
    public boolean pruneLocksStatuses() {
        return true;
    }

    // ---- the schema ----------------------------------------------------------------------------------------

    /**
     * The tables whose name is {@code ?} (second parameter) in the schema {@code ?} (first parameter, NULL for
     * the current one), both ignoring case, as {@code table_schema} and {@code table_name}: the caller keeps those
     * whose names the database takes for the asked ones ({@link #tableNamesIgnoreCase}). Asking the catalog,
     * rather than trying the table, leaves no "table not found" error in the database's log.
     */
    public abstract String findTables();

    /**
     * True when the database takes two table or schema names that differ only in case for the same name: unquoted
     * identifiers on H2 and PostgreSQL, which fold them. MySQL and MariaDB say it with
     * {@code lower_case_table_names}.
     */
    public boolean tableNamesIgnoreCase(Connection connection) throws SQLException {
        return true;
    }

    /**
     * The columns of the table named {@code ?} (second parameter) in the schema {@code ?} (first parameter, NULL
     * for the current one), names ignoring case, with how each compares text: {@code table_schema},
     * {@code table_name}, {@code column_name}, and what {@link #nonBinaryComparison} reads.
     */
    public abstract String describeColumns();

    /**
     * Why the column of the current row of {@link #describeColumns()} does not compare text exactly (its collation
     * ignores case or accents, or orders text otherwise than Java's {@code String.compareTo}) and how to fix it;
     * null when it compares exactly.
     *
     * @param table the table's name as the store writes it, for the fix
     */
    public abstract String nonBinaryComparison(ResultSet column, String table) throws SQLException;

    /**
     * Runs {@code creation} so that two nodes creating the same tables at once never interleave: the second one
     * waits, then finds them (see {@link SchemaCheck}). By default (H2), with a lock of this JVM's per database
     * and {@code name}; PostgreSQL takes a transaction-scoped advisory lock, MySQL and MariaDB a named lock.
     *
     * @param name what is created, the same for every node creating the same tables
     */
    public void createExclusively(Connection connection, String name, SchemaCreation creation) throws SQLException {
        String key = connection.getMetaData().getURL() + '\n' + name;
        ReentrantLock lock = IN_PROCESS_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            creation.run();
        } finally {
            lock.unlock();
        }
    }

    /** A constant derived from {@code name} for a database lock: the first 8 bytes of its SHA-256. */
    protected static long lockKey(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("dev.freshness.jdbc schema " + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What {@link #createExclusively} runs. */
    @FunctionalInterface
    public interface SchemaCreation {
        /** Checks again whether the tables exist, and creates them if not. */
        void run() throws SQLException;
    }

    /**
     * The tables whose name ends in {@code status}, {@code run} or {@code schema_version} in every schema the user
     * can see but the system's, as {@code table_schema} and {@code table_name}: where the store's tables might be
     * when they are not where the store was told to look.
     */
    public String findStoreLikeTables() {
        return FIND_STORE_LIKE_TABLES;
    }

    /** The schema (database, on MySQL and MariaDB) that unqualified table names resolve to, or null for none. */
    public String currentSchema(Connection connection) throws SQLException {
        return singleText(connection, "SELECT CURRENT_SCHEMA");
    }

    /** The user the connection acts as, written as a {@code GRANT ... TO} names it. */
    public String currentUser(Connection connection) throws SQLException {
        return singleText(connection, "SELECT CURRENT_USER");
    }

    /**
     * Which of {@code privileges} ({@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE}) this connection's
     * user lacks on {@code table}. By default each one is tried by a statement that touches no row ({@code WHERE
     * 1 = 0}), all inside a transaction that is rolled back, so that the answer is the database's own, roles and
     * grants on the whole schema included, and nothing is written.
     *
     * @param table the table's name as the store writes it
     * @param requiredColumns the columns of the table that have no default, which an INSERT must name even when
     *     it inserts nothing (MariaDB and MySQL check it before they look for rows)
     */
    public List<String> missingPrivileges(Connection connection, String table, List<String> requiredColumns,
                                          List<String> privileges) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        List<String> missing = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            for (String privilege : privileges) {
                String column = requiredColumns.get(0);
                String probe = switch (privilege) {
                    case "SELECT" -> "SELECT " + column + " FROM " + table + " WHERE 1 = 0";
                    case "INSERT" -> "INSERT INTO " + table + " (" + String.join(", ", requiredColumns) + ") SELECT "
                            + String.join(", ", Collections.nCopies(requiredColumns.size(), "NULL")) + " FROM "
                            + oneRowTable() + " WHERE 1 = 0";
                    case "UPDATE" -> "UPDATE " + table + " SET " + column + " = NULL WHERE 1 = 0";
                    case "DELETE" -> "DELETE FROM " + table + " WHERE 1 = 0";
                    default -> throw new IllegalArgumentException("privilege must be SELECT, INSERT, UPDATE or"
                            + " DELETE, was '" + privilege + "'");
                };
                try (Statement statement = connection.createStatement()) {
                    statement.execute(probe);
                } catch (SQLException e) {
                    if (!privilegeDenied(e)) {
                        throw e;
                    }
                    missing.add(privilege);
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return missing;
    }

    /** A table of one row that every user may read, for an {@code INSERT ... SELECT} that inserts nothing. */
    protected String oneRowTable() {
        return "DUAL";
    }

    /** True when {@code error} says the user lacks a privilege on a table. */
    protected boolean privilegeDenied(SQLException error) {
        return "42501".equals(error.getSQLState());
    }

    /** The first column of the only row {@code sql} returns, as text. */
    protected static String singleText(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** Creates the schema <code>${name}</code> if it does not exist yet. */
    public String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS ${name}";
    }

    /** The schema version recorded in <code>${schema_version}</code>. */
    public String schemaVersion() {
        return SCHEMA_VERSION;
    }

    /**
     * The schema version of the tables this library creates on this database, and migrates them to: by default
     * {@link SchemaCheck#SCHEMA_VERSION}.
     */
    public int currentSchemaVersion() {
        return SchemaCheck.SCHEMA_VERSION;
    }

    /**
     * The oldest schema version the store still works on, unchanged in what it reads and writes (an older version
     * only misses what makes it faster); by default {@link #currentSchemaVersion()}: no older one.
     */
    public int oldestWorkingSchemaVersion() {
        return currentSchemaVersion();
    }

    /**
     * What the migrations from the {@linkplain #oldestWorkingSchemaVersion() oldest working version} to the
     * current one bring, for the message that asks to run them; empty when there is no such version.
     */
    public String whatMigrationsBring() {
        return "";
    }

    // ---- values and errors ---------------------------------------------------------------------------------

    /**
     * Binds an instant as UTC, whatever the JVM's or the session's time zone: by default as a JDBC 4.2
     * {@link OffsetDateTime} at UTC into a {@code TIMESTAMP WITH TIME ZONE} column (H2, PostgreSQL).
     */
    public final void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
        bindInstantValue(statement, position, instantValue(instant));
    }

    /**
     * What {@link #bindInstant} binds for {@code instant} (null for SQL NULL), made once for a statement that names
     * the same instant at several positions (H2's event statements name it a dozen times) and bound at each with
     * {@link #bindInstantValue}: by default an {@link OffsetDateTime} at UTC.
     */
    public Object instantValue(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Binds {@code value}, made by {@link #instantValue}, at {@code position}. */
    public void bindInstantValue(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, value);
        }
    }

    /** Reads an instant bound with {@link #bindInstant}; null for SQL NULL. */
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * True when the store bounds its event statements with {@link StatementWatchdog} rather than the driver's
     * query timeout (see there: pgjdbc's timer task per execution); false by default.
     */
    public boolean boundsEventsByWatchdog() {
        return false;
    }

    /**
     * True when every statement should carry the JDBC query timeout. Only H2 says no: its driver turns each
     * {@code setQueryTimeout} into an extra {@code SET QUERY_TIMEOUT} command, which costs more than the
     * statement itself, while an embedded database has no network to hang on and bounds lock waits with its
     * own {@code LOCK_TIMEOUT}.
     */
    public boolean usesQueryTimeout() {
        return true;
    }

    /** Error states this database uses for a deadlock or a serialization failure: retrying the transaction helps. */
    public boolean isTransient(SQLException error) {
        String state = error.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    /**
     * True when {@code error} means the connection itself was lost (closed, terminated by the server, its socket
     * broken): SQLState class 08, PostgreSQL's 57P01 to 57P03 (terminated by an administrator, a crash or a
     * shutdown), MariaDB and MySQL's 1053, 1927, 2006 and 2013, H2's 90067 (connection broken), 90007 (object
     * closed) and 90121 (database closed), and the drivers' connection exception types. The statement may then
     * be run again on a fresh connection: nothing the failed one did is visible to it.
     */
    public boolean isConnectionLost(SQLException error) {
        String state = error.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"))) {
            return true;
        }
        int code = error.getErrorCode();
        return error instanceof java.sql.SQLNonTransientConnectionException
                || error instanceof java.sql.SQLTransientConnectionException
                || error instanceof java.sql.SQLRecoverableException
                || code == 1053 || code == 1927 || code == 2006 || code == 2013
                || code == 90067 || code == 90007 || code == 90121;
    }

    /**
     * True when {@code error} means a concurrent transaction inserted the same key first and the upsert should
     * simply run again (it then finds the row). Only H2 needs this: the other databases' upserts are atomic.
     */
    public boolean lostInsertRace(SQLException error) {
        return false;
    }
}
