package dev.freshness.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * What MySQL and MariaDB share: the same tables (one DDL script), the status created if absent, the clock, the
 * catalog queries, the binding of instants and the deadlock retry. Their event upserts differ only in how an
 * assignment names the incoming row ({@link MySqlDialect}, {@link MariaDbDialect}).
 *
 * <p>Both write an event with one statement: an {@code INSERT ... ON DUPLICATE KEY UPDATE} into the run history,
 * with the merge rule inside each assignment, and the trigger {@code <prefix>run_merges_status} of the shipped DDL
 * ({@link #EVENT_TRIGGER}), which merges the same event into the status within that statement. InnoDB makes a
 * statement atomic, its trigger's writes included, so an event needs no transaction of its own and a crash never
 * leaves a status without its history or the reverse. The trigger fires before the history row is written, so
 * the status row is locked first, as {@link #pruneLocksStatuses()} expects. Its instant is {@code :at}, or, when the
 * store takes instants from the database (it binds {@code :at} to NULL), {@code UTC_TIMESTAMP(6)}, which is the
 * same throughout a statement, trigger included. Both evaluate assignments left to right, each seeing the columns
 * assigned before it, so the order matters: what the event carries first, then the run id, each under the full
 * rule (a greater instant, or the same instant and a greater run id); the instant last, under "greater instant"
 * alone (an equal instant stays as it is anyway).
 *
 * <p>Instants are {@code DATETIME(6)} holding UTC, a type that never depends on the session's {@code time_zone}.
 * They travel as text ({@code 2026-01-05 09:00:00.000001}), not as {@code LocalDateTime} or {@code Timestamp}:
 * MySQL Connector/J takes a MariaDB server for MySQL 5.5 (MariaDB announces itself as {@code 5.5.5-10.x}) and
 * then drops fractional seconds from temporal parameters, and text leaves neither driver any conversion to make.
 */
public abstract class MySqlFamilyDialect extends SqlDialect {

    /** {@code INSERT IGNORE} would hide every other error too (a value too long, a missing column). */
    private static final String CREATE_STATUS_IF_ABSENT = """
            INSERT INTO ${status} (scope_key, dataset_key)
            VALUES (:scope, :dataset)
            ON DUPLICATE KEY UPDATE scope_key = scope_key
            """;

    /**
     * The name, after the table prefix, of the trigger that merges each event into the status; see
     * {@code schema/mysql-mariadb.sql}.
     */
    public static final String EVENT_TRIGGER = "run_merges_status";

    /** The event's instant, or the database clock when it is NULL. */
    private static final String EVENT_INSTANT = "COALESCE(CAST(:at AS DATETIME(6)), UTC_TIMESTAMP(6))";

    private static final String FIND_TRIGGER = """
            SELECT trigger_name
            FROM information_schema.triggers
            WHERE LOWER(trigger_schema) = LOWER(COALESCE(CAST(? AS CHAR(64)), DATABASE()))
              AND LOWER(trigger_name) = LOWER(?)
              AND LOWER(event_object_table) = LOWER(?)
              AND action_timing = 'BEFORE'
              AND event_manipulation = 'INSERT'
            """;

    /** MySQL casts to CHAR, not VARCHAR. */
    private static final String FIND_TABLES = """
            SELECT table_schema, table_name
            FROM information_schema.tables
            WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS CHAR(64)), DATABASE()))
              AND LOWER(table_name) = LOWER(?)
            """;

    private static final String DESCRIBE_COLUMNS = """
            SELECT table_schema, table_name, column_name, column_type, is_nullable, collation_name
            FROM information_schema.columns
            WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS CHAR(64)), DATABASE()))
              AND LOWER(table_name) = LOWER(?)
            """;

    /** How long a node waits for another one creating the same tables. */
    private static final int CREATION_LOCK_SECONDS = 60;

    private static final String CREATE_SCHEMA =
            "CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /** A DATETIME as the server writes it: no fraction, or up to six digits. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    @Override
    public String createStatusIfAbsent() {
        return CREATE_STATUS_IF_ABSENT;
    }

    /** The event's history upsert, <code>${at}</code> standing for the event's instant: one statement per event. */
    protected static String withInstant(String historyUpsert) {
        return historyUpsert.replace("${at}", EVENT_INSTANT);
    }

    /** None: the one statement per event reads the clock itself. */
    @Override
    public String databaseTimeQuery() {
        return null;
    }

    @Override
    public String eventTrigger() {
        return EVENT_TRIGGER;
    }

    @Override
    public String findTrigger() {
        return FIND_TRIGGER;
    }

    @Override
    public String findTables() {
        return FIND_TABLES;
    }

    /**
     * As the server does: with {@code lower_case_table_names = 0} (the default on Linux) names keep their case and
     * {@code Ops} and {@code ops} are two databases, {@code CasePrefix_status} and {@code caseprefix_status} two
     * tables; otherwise names are compared in lower case.
     */
    @Override
    public boolean tableNamesIgnoreCase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT @@lower_case_table_names")) {
            return row.next() && row.getInt(1) != 0;
        }
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        return singleText(connection, "SELECT DATABASE()");
    }

    /** {@code CURRENT_USER()} says {@code name@host}; a GRANT names it {@code 'name'@'host'}. */
    @Override
    public String currentUser(Connection connection) throws SQLException {
        String user = singleText(connection, "SELECT CURRENT_USER()");
        int at = user == null ? -1 : user.lastIndexOf('@');
        return at < 0 ? user : "'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'";
    }

    /**
     * 1142: a command denied on a table (CREATE TRIGGER without the TRIGGER privilege among them); 1143: on a
     * column; 1044: on a database (CREATE DATABASE); 1419: a trigger created, with binary logging on, by a user
     * without SUPER while {@code log_bin_trust_function_creators} is off.
     */
    @Override
    protected boolean privilegeDenied(SQLException error) {
        int code = error.getErrorCode();
        return code == 1142 || code == 1143 || code == 1044 || code == 1419;
    }

    @Override
    public String describeColumns() {
        return DESCRIBE_COLUMNS;
    }

    /** Only a binary collation ({@code utf8mb4_bin}, as in the shipped DDL) tells {@code a} from {@code A} and {@code ä}. */
    @Override
    public String nonBinaryComparison(ResultSet column, String table) throws SQLException {
        String collation = column.getString("collation_name");
        if (collation == null || collation.endsWith("_bin") || collation.equals("binary")) {
            return null;
        }
        return "has the collation " + collation + ", which is not binary: it ignores case or accents. Run ALTER TABLE "
                + table + " MODIFY " + column.getString("column_name") + " " + column.getString("column_type")
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" + ("NO".equals(column.getString("is_nullable"))
                ? " NOT NULL" : " NULL");
    }

    /** A named lock of the server ({@code GET_LOCK}), released when the creation ends. */
    @Override
    public void createExclusively(Connection connection, String name, SchemaCreation creation) throws SQLException {
        String lockName = "freshness_schema_" + Long.toHexString(lockKey(name));
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, lockName);
            lock.setInt(2, CREATION_LOCK_SECONDS);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next() || row.getInt(1) != 1) {
                    throw new SQLException("another node held the lock " + lockName + " on creating the tables "
                            + name + " for more than " + CREATION_LOCK_SECONDS + " s");
                }
            }
        }
        try {
            creation.run();
        } finally {
            try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                release.setString(1, lockName);
                release.executeQuery().close();
            }
        }
    }

    @Override
    public String createSchema() {
        return CREATE_SCHEMA;
    }

    @Override
    public boolean isTransient(SQLException error) {
        // 1213: deadlock found; 1205: lock wait timeout is not retried, it already waited long enough.
        return super.isTransient(error) || error.getErrorCode() == 1213;
    }

    /** UTC as text, which a {@code DATETIME(6)} column takes as it is, whatever the session's time zone. */
    @Override
    public Object instantValue(Instant instant) {
        return instant == null ? null : WRITTEN.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public void bindInstantValue(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.VARCHAR);
        } else {
            statement.setString(position, (String) value);
        }
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        return text == null ? null : LocalDateTime.parse(text, READ).toInstant(ZoneOffset.UTC);
    }

    /**
     * Version 2: the history loses an index that repeated the first two columns of its primary key. Version 1 still
     * works: the SQL reads and writes the same columns.
     */
    @Override
    public int currentSchemaVersion() {
        return 2;
    }

    @Override
    public int oldestWorkingSchemaVersion() {
        return 1;
    }

    @Override
    public String whatMigrationsBring() {
        return "migration V3__drop_history_index_repeating_the_key.sql (Liquibase changeSet"
                + " freshness-schema-3-mysql-mariadb) drops a history index that repeated the primary key, which every"
                + " event wrote";
    }

    /**
     * InnoDB finds the records of a slice through the covering index on the activity of each pair otherwise, and
     * at repeatable read a locking read through it takes next-key locks on every record of the slice's pairs and
     * on the first entry of the pair after each, whose writer may hold that pair's status and history row. By
     * primary key, each record found is one record lock, and the slice holds only the locks the writers take in
     * the same order: statuses, then history rows.
     */
    @Override
    protected String pruneRunsIndexHint() {
        return " FORCE INDEX (PRIMARY)";
    }
}
