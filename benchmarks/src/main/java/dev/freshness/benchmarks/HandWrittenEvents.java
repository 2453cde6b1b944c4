package dev.freshness.benchmarks;

import dev.freshness.jdbc.Dialect;
import dev.freshness.jdbc.internal.EventKind;
import dev.freshness.jdbc.internal.SqlDialect;
import dev.freshness.jdbc.internal.TableNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of the JDBC store: the statements the store's dialect runs for a start and for a success, the
 * same SQL text, prepared once on one connection and reused. Where the dialect needs several statements per
 * event (H2, MariaDB: status then history), they run in one transaction on a connection kept out of
 * auto-commit, the least a correct hand-written version can do; PostgreSQL's one statement runs in
 * auto-commit, as the store runs it.
 */
public final class HandWrittenEvents implements AutoCloseable {

    private final Connection connection;
    private final SqlDialect dialect;
    private final boolean oneStatementPerEvent;
    private final Map<EventKind, List<Prepared>> statements = new EnumMap<>(EventKind.class);

    private record Prepared(PreparedStatement statement, List<String> parameters) {
    }

    /** Prepares the statements of a start and a success on {@code connection}, which it keeps until closed. */
    public HandWrittenEvents(Connection connection, Dialect dialect, String tablePrefix) throws SQLException {
        this.connection = connection;
        this.dialect = SqlDialect.of(dialect);
        TableNames tables = TableNames.of(tablePrefix, null);
        this.oneStatementPerEvent = this.dialect.applyEvent(EventKind.STARTED, tables).size() == 1;
        connection.setAutoCommit(oneStatementPerEvent);
        for (EventKind kind : List.of(EventKind.STARTED, EventKind.SUCCEEDED)) {
            List<Prepared> prepared = new ArrayList<>();
            for (String named : this.dialect.applyEvent(kind, tables)) {
                PositionalSql sql = PositionalSql.of(named);
                prepared.add(new Prepared(connection.prepareStatement(sql.sql()), sql.parameters()));
            }
            statements.put(kind, prepared);
        }
    }

    /** Records the start of {@code runId} at {@code at}, as the store would. */
    public void start(String scope, String dataset, String runId, Instant at) throws SQLException {
        write(EventKind.STARTED, scope, dataset, runId, at, 0);
    }

    /** Records the success of {@code runId} at {@code at} with {@code records}, as the store would. */
    public void success(String scope, String dataset, String runId, Instant at, long records) throws SQLException {
        write(EventKind.SUCCEEDED, scope, dataset, runId, at, records);
    }

    private void write(EventKind kind, String scope, String dataset, String runId, Instant at, long records)
            throws SQLException {
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        for (Prepared prepared : statements.get(kind)) {
            List<String> parameters = prepared.parameters();
            PreparedStatement statement = prepared.statement();
            for (int i = 0; i < parameters.size(); i++) {
                int position = i + 1;
                switch (parameters.get(i)) {
                    case "scope" -> statement.setString(position, scope);
                    case "dataset" -> statement.setString(position, dataset);
                    case "run" -> statement.setString(position, runId);
                    case "at" -> dialect.bindInstant(statement, position, stored);
                    case "records" -> statement.setLong(position, records);
                    case "outcome" -> statement.setString(position, "SUCCEEDED");
                    case "job", "errorType", "errorMessage", "errorRootCause" -> statement.setNull(position, Types.VARCHAR);
                    default -> throw new IllegalStateException("unknown parameter :" + parameters.get(i));
                }
            }
            statement.executeUpdate();
        }
        if (!oneStatementPerEvent) {
            connection.commit();
        }
    }

    /** Closes the statements and returns the connection. */
    @Override
    public void close() throws SQLException {
        for (List<Prepared> prepared : statements.values()) {
            for (Prepared each : prepared) {
                each.statement().close();
            }
        }
        connection.setAutoCommit(true);
        connection.close();
    }
}
