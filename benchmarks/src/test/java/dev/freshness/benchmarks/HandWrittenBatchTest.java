package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.JdbcFreshnessStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written batch of {@link JdbcBatchBenchmark} does the store's work: two runs over more tenants than one
 * chunk leave, for each tenant, the status and history rows that the store's {@code applyAll} of the same events
 * leaves, on every database. A server that does not answer is skipped, unless {@code CI=true}.
 */
class HandWrittenBatchTest {

    private static final String PREFIX = "bench_batch_check_";
    private static final int TENANTS = JdbcFreshnessStore.BATCH_CHUNK_SIZE + 7;
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00.123456789Z");

    @ParameterizedTest
    @EnumSource(BenchDatabase.class)
    void leavesTheRowsTheStoresBatchLeaves(BenchDatabase database) throws SQLException {
        StoredRows.assumeReachable(database);
        try (TrialDatabase trial = database.open()) {
            HikariDataSource pool = trial.openPool(2);
            JdbcFreshnessStore store = database.store(pool, PREFIX);
            List<String> storeScopes = new ArrayList<>();
            List<String> handScopes = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                storeScopes.add(String.format("store-%05d", i));
                handScopes.add(String.format("hand-%05d", i));
            }
            try (HandWrittenBatch batch = new HandWrittenBatch(pool.getConnection(), database, PREFIX)) {
                for (int run = 1; run <= 2; run++) {
                    Instant at = T0.plusSeconds(run);
                    List<RunEvent> events = new ArrayList<>();
                    for (int i = 0; i < TENANTS; i++) {
                        events.add(new RunEvent.Succeeded(Scope.tenant(storeScopes.get(i)),
                                DatasetKey.of(JdbcBatchBenchmark.DATASET), RunId.of("run-" + run), at, i));
                    }
                    store.applyAll(events);
                    batch.succeeded(handScopes, JdbcBatchBenchmark.DATASET, "run-" + run, at);
                }
            }
            try (Connection connection = pool.getConnection()) {
                for (int i : new int[] {0, TENANTS / 2, TENANTS - 1}) {
                    StoredRows.assertSameRows(connection, PREFIX, storeScopes.get(i), handScopes.get(i), 2);
                }
                assertThat(count(connection, PREFIX + "run", "hand-%")).isEqualTo(2L * TENANTS);
                assertThat(count(connection, PREFIX + "run", "store-%")).isEqualTo(2L * TENANTS);
            }
        }
    }

    private static long count(Connection connection, String table, String scopePattern) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + table + " WHERE scope_key LIKE ?")) {
            select.setString(1, scopePattern);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
