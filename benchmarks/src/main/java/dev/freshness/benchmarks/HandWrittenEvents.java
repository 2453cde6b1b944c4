package dev.freshness.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the JDBC store: the statements the store runs for a start and for a success, the same SQL text
 * (written out in {@link BaselineSql}), prepared once on one connection and reused. Every dialect's event is one
 * statement (on MariaDB the history upsert, whose trigger in the store's tables merges the status), run in
 * auto-commit, as the store runs it; a dialect needing several would run them in one transaction on a connection
 * kept out of auto-commit, the least a correct hand-written version can do.
 */
public final class HandWrittenEvents implements AutoCloseable {

    private final Connection connection;
    private final BenchDatabase database;
    private final boolean oneStatementPerEvent;
    private final List<Prepared> started = new ArrayList<>();
    private final List<Prepared> succeeded = new ArrayList<>();

    private record Prepared(PreparedStatement statement, List<String> parameters) {
    }

    /**
     * Prepares the statements of a start and a success on {@code connection}, which it keeps until closed: the
     * caller gives the connection up to it, and it is closed here too when preparing fails.
     */
    public HandWrittenEvents(Connection connection, BenchDatabase database, String tablePrefix) throws SQLException {
        this.connection = connection;
        this.database = database;
        List<String> start = BaselineSql.started(database, tablePrefix);
        this.oneStatementPerEvent = start.size() == 1;
        try {
            connection.setAutoCommit(oneStatementPerEvent);
            prepare(start, started);
            prepare(BaselineSql.succeeded(database, tablePrefix), succeeded);
        } catch (SQLException | RuntimeException e) {
            try {
                close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void prepare(List<String> namedStatements, List<Prepared> into) throws SQLException {
        for (String named : namedStatements) {
            PositionalSql sql = PositionalSql.of(named);
            into.add(new Prepared(connection.prepareStatement(sql.sql()), sql.parameters()));
        }
    }

    /** Records the start of {@code runId} at {@code at}, as the store would. */
    public void start(String scope, String dataset, String runId, Instant at) throws SQLException {
        write(started, scope, dataset, runId, at, 0);
    }

    /** Records the success of {@code runId} at {@code at} with {@code records}, as the store would. */
    public void success(String scope, String dataset, String runId, Instant at, long records) throws SQLException {
        write(succeeded, scope, dataset, runId, at, records);
    }

    private void write(List<Prepared> statements, String scope, String dataset, String runId, Instant at,
                       long records) throws SQLException {
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        for (Prepared prepared : statements) {
            List<String> parameters = prepared.parameters();
            PreparedStatement statement = prepared.statement();
            for (int i = 0; i < parameters.size(); i++) {
                int position = i + 1;
                switch (parameters.get(i)) {
                    case "scope" -> statement.setString(position, scope);
                    case "dataset" -> statement.setString(position, dataset);
                    case "run" -> statement.setString(position, runId);
                    case "at" -> database.bindInstant(statement, position, stored);
                    case "records" -> statement.setLong(position, records);
                    case "job" -> statement.setNull(position, Types.VARCHAR);
                    default -> throw new IllegalStateException("unknown parameter :" + parameters.get(i));
                }
            }
            statement.executeUpdate();
        }
        if (!oneStatementPerEvent) {
            connection.commit();
        }
    }

    /** Closes the statements and the connection (a pooled one goes back to its pool). */
    @Override
    public void close() throws SQLException {
        try (connection) {
            for (Prepared each : started) {
                each.statement().close();
            }
            for (Prepared each : succeeded) {
                each.statement().close();
            }
            connection.setAutoCommit(true);
        }
    }
}
