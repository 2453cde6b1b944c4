package dev.freshness.jdbc.internal;

import dev.freshness.jdbc.Dialect;

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
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL and MariaDB: {@code INSERT ... ON DUPLICATE KEY UPDATE} with the merge rule inside each assignment,
 * status then history in one transaction. The two differ in how an assignment names the incoming row: MySQL
 * 8.0.19+ with a row alias ({@code AS incoming}), MariaDB with {@code VALUES(column)}.
 *
 * <p>Both evaluate assignments left to right, each seeing the columns assigned before it, so the order
 * matters: the payload first and the run id next, each under the full rule; the instant last, under "greater
 * instant" alone (equal instants leave it as it is anyway).
 *
 * <p>Instants are {@code DATETIME(6)} holding UTC, a type that never depends on the session's {@code time_zone}.
 * They travel as text ({@code 2026-01-05 09:00:00.000001}), not as {@code LocalDateTime} or {@code Timestamp}:
 * MySQL Connector/J takes a MariaDB server for MySQL 5.5 (MariaDB announces itself as {@code 5.5.5-10.x}) and
 * then drops fractional seconds from temporal parameters, and text leaves neither driver any conversion to make.
 */
final class MySqlDialect extends SqlDialect {

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /** A DATETIME as the server writes it: no fraction, or up to six digits. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private final boolean mariaDb;

    MySqlDialect(boolean mariaDb) {
        this.mariaDb = mariaDb;
    }

    @Override
    public Dialect dialect() {
        return mariaDb ? Dialect.MARIADB : Dialect.MYSQL;
    }

    private String incoming(String column) {
        return mariaDb ? "VALUES(" + column + ")" : "incoming." + column;
    }

    private String rowAlias() {
        return mariaDb ? "" : " AS incoming";
    }

    @Override
    public List<String> applyEvent(EventKind kind, TableNames tables) {
        return List.of(statusUpsert(kind, tables), kind.finishesRun() ? finishedRunUpsert(tables) : startedRunUpsert(tables));
    }

    private String statusUpsert(EventKind kind, TableNames tables) {
        String at = kind.atColumn();
        String run = kind.runIdColumn();
        String greater = at + " IS NULL OR " + incoming(at) + " > " + at;
        String wins = "(" + greater + " OR (" + incoming(at) + " = " + at + " AND " + incoming(run) + " > " + run + "))";
        List<String> assignments = new ArrayList<>();
        kind.payload().forEach(column -> assignments.add(conditional(column.name(), wins)));
        assignments.add(conditional(run, wins));
        assignments.add(conditional(at, "(" + greater + ")"));
        return "INSERT INTO " + tables.status() + " (" + String.join(", ", statusInsertColumns(kind)) + ") VALUES ("
                + String.join(", ", statusInsertValues(kind, ":at")) + ")" + rowAlias()
                + " ON DUPLICATE KEY UPDATE " + String.join(", ", assignments);
    }

    private String startedRunUpsert(TableNames tables) {
        String later = "(started_at IS NULL OR " + incoming("started_at") + " > started_at)";
        return "INSERT INTO " + tables.run() + " (" + String.join(", ", STARTED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", startedRunValues(":at")) + ")" + rowAlias()
                + " ON DUPLICATE KEY UPDATE"
                + " job_name = IF(" + later + ", COALESCE(" + incoming("job_name") + ", job_name),"
                + " COALESCE(job_name, " + incoming("job_name") + ")),"
                + " started_at = IF(" + later + ", " + incoming("started_at") + ", started_at),"
                + " last_activity_at = GREATEST(last_activity_at, " + incoming("last_activity_at") + ")";
    }

    private String finishedRunUpsert(TableNames tables) {
        String later = "finished_at IS NULL OR " + incoming("finished_at") + " > finished_at";
        String wins = "(" + later + " OR (" + incoming("finished_at") + " = finished_at AND "
                + incoming("outcome") + " = 'FAILED' AND outcome = 'SUCCEEDED'))";
        List<String> assignments = new ArrayList<>();
        for (String column : List.of("records_affected", "error_type", "error_message", "error_root_cause", "outcome")) {
            assignments.add(conditional(column, wins));
        }
        assignments.add(conditional("finished_at", "(" + later + ")"));
        assignments.add("last_activity_at = GREATEST(last_activity_at, " + incoming("last_activity_at") + ")");
        return "INSERT INTO " + tables.run() + " (" + String.join(", ", FINISHED_RUN_COLUMNS) + ") VALUES ("
                + String.join(", ", finishedRunValues(":at")) + ")" + rowAlias()
                + " ON DUPLICATE KEY UPDATE " + String.join(", ", assignments);
    }

    private String conditional(String column, String condition) {
        return column + " = IF(" + condition + ", " + incoming(column) + ", " + column + ")";
    }

    @Override
    public String countTables() {
        // MySQL casts to CHAR, not VARCHAR.
        return super.countTables().replace("CAST(? AS VARCHAR(63))", "CAST(? AS CHAR(63))");
    }

    @Override
    String currentSchema() {
        return "DATABASE()";
    }

    @Override
    public String databaseTimeQuery() {
        return "SELECT UTC_TIMESTAMP(6)";
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE DATABASE IF NOT EXISTS " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
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
