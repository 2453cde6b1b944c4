package dev.freshness.benchmarks;

import dev.freshness.jdbc.JdbcFreshnessStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the JDBC store's batch: the successes of one run over many scopes written with the statements
 * the store runs for a success (the same SQL text, from {@link BaselineSql}), prepared once on one connection,
 * each statement a JDBC batch ({@code addBatch}, {@code executeBatch}) over the scopes, in transactions of
 * {@link JdbcFreshnessStore#BATCH_CHUNK_SIZE} scopes, as the store chunks them: the least a correct hand-written
 * batch does.
 */
public final class HandWrittenBatch implements AutoCloseable {

    private final Connection connection;
    private final BenchDatabase database;
    private final List<Prepared> succeeded = new ArrayList<>();

    private record Prepared(PreparedStatement statement, List<String> parameters) {
    }

    /**
     * Prepares the statements of a success on {@code connection}, which it keeps until closed: the caller gives
     * the connection up to it, and it is closed here too when preparing fails.
     */
    public HandWrittenBatch(Connection connection, BenchDatabase database, String tablePrefix) throws SQLException {
        this.connection = connection;
        this.database = database;
        try {
            connection.setAutoCommit(false);
            for (String named : BaselineSql.succeeded(database, tablePrefix)) {
                PositionalSql sql = PositionalSql.of(named);
                succeeded.add(new Prepared(connection.prepareStatement(sql.sql()), sql.parameters()));
            }
        } catch (SQLException | RuntimeException e) {
            try {
                close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Records that {@code runId} refreshed {@code dataset} of each of {@code scopes} (sorted, as the store sorts
     * them) at {@code at}, the scope at index {@code i} with {@code i} records.
     */
    public void succeeded(List<String> scopes, String dataset, String runId, Instant at) throws SQLException {
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        int chunk = JdbcFreshnessStore.BATCH_CHUNK_SIZE;
        for (int from = 0; from < scopes.size(); from += chunk) {
            int to = Math.min(scopes.size(), from + chunk);
            for (Prepared prepared : succeeded) {
                PreparedStatement statement = prepared.statement();
                for (int index = from; index < to; index++) {
                    bind(prepared, scopes.get(index), dataset, runId, stored, index);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            connection.commit();
        }
    }

    private void bind(Prepared prepared, String scope, String dataset, String runId, Instant at, long records)
            throws SQLException {
        List<String> parameters = prepared.parameters();
        PreparedStatement statement = prepared.statement();
        for (int i = 0; i < parameters.size(); i++) {
            int position = i + 1;
            switch (parameters.get(i)) {
                case "scope" -> statement.setString(position, scope);
                case "dataset" -> statement.setString(position, dataset);
                case "run" -> statement.setString(position, runId);
                case "at" -> database.bindInstant(statement, position, at);
                case "records" -> statement.setLong(position, records);
                default -> throw new IllegalStateException("unknown parameter :" + parameters.get(i));
            }
        }
    }

    /** Closes the statements and the connection (a pooled one goes back to its pool). */
    @Override
    public void close() throws SQLException {
        try (connection) {
            for (Prepared each : succeeded) {
                each.statement().close();
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
