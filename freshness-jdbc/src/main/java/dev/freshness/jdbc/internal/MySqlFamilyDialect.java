package dev.freshness.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p>Both write events with {@code INSERT ... ON DUPLICATE KEY UPDATE} and the merge rule inside each assignment,
 * status then history in one transaction. Both evaluate assignments left to right, each seeing the columns
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

    private static final String DATABASE_TIME = "SELECT UTC_TIMESTAMP(6)";

    /** MySQL casts to CHAR, not VARCHAR. */
    private static final String COUNT_TABLES = """
            SELECT COUNT(*)
            FROM information_schema.tables
            WHERE LOWER(table_schema) = LOWER(COALESCE(CAST(? AS CHAR(63)), DATABASE()))
              AND LOWER(table_name) = LOWER(?)
            """;

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

    @Override
    public String databaseTimeQuery() {
        return DATABASE_TIME;
    }

    @Override
    public String countTables() {
        return COUNT_TABLES;
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

    @Override
    public void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(position, Types.VARCHAR);
        } else {
            statement.setString(position, WRITTEN.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
        }
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        return text == null ? null : LocalDateTime.parse(text, READ).toInstant(ZoneOffset.UTC);
    }
}
