package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hand-written baseline does the store's work: the same events, in the same order (a late start and a late
 * success among them), leave the same status and history rows, on every database. It fails when the SQL copied
 * into {@link BaselineSql} no longer writes what the store writes. A server that does not answer is skipped,
 * unless {@code CI=true}.
 */
class HandWrittenEventsTest {

    private static final String PREFIX = "bench_check_";
    private static final String DATASET = JdbcTrackingBenchmark.DATASET;
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00.123456789Z");

    private record Event(boolean start, String run, Instant at, long records) {
    }

    private static final List<Event> EVENTS = List.of(
            new Event(true, "r1", T0, 0),
            new Event(false, "r1", T0.plusSeconds(1), 10),
            new Event(true, "r2", T0.plusSeconds(2), 0),
            new Event(true, "r0", T0.minus(Duration.ofHours(1)), 0),
            new Event(false, "r2", T0.plusSeconds(3), 20),
            new Event(false, "r0", T0.minus(Duration.ofMinutes(30)), 5),
            new Event(false, "r2", T0.plusSeconds(3), 20));

    @ParameterizedTest
    @EnumSource(BenchDatabase.class)
    void leavesTheRowsTheStoreLeaves(BenchDatabase database) throws SQLException {
        assumeTrue(database.isReachable() || "true".equalsIgnoreCase(System.getenv("CI")),
                () -> "Skipping: " + database.unreachableMessage());
        try (TrialDatabase trial = database.open()) {
            HikariDataSource pool = trial.openPool(2);
            SettableClock clock = SettableClock.at(T0);
            try (DatasetFreshness freshness = DatasetFreshness.using(database.store(pool, PREFIX),
                    JdbcTrackingBenchmark.CATALOG).withClock(clock).build()) {
                Scope scope = Scope.tenant("store");
                for (Event event : EVENTS) {
                    clock.set(event.at());
                    if (event.start()) {
                        freshness.records().recordStart(scope, DATASET, RunId.of(event.run()));
                    } else {
                        freshness.records().recordSuccess(scope, DATASET, RunId.of(event.run()), event.records());
                    }
                }
            }
            try (HandWrittenEvents events = new HandWrittenEvents(pool.getConnection(), database, PREFIX)) {
                for (Event event : EVENTS) {
                    if (event.start()) {
                        events.start("hand", DATASET, event.run(), event.at());
                    } else {
                        events.success("hand", DATASET, event.run(), event.at(), event.records());
                    }
                }
            }
            try (Connection connection = pool.getConnection()) {
                List<Map<String, Object>> storeStatus = rows(connection, PREFIX + "status", "store");
                assertThat(storeStatus).hasSize(1);
                assertThat(rows(connection, PREFIX + "status", "hand")).isEqualTo(storeStatus);
                List<Map<String, Object>> storeRuns = rows(connection, PREFIX + "run", "store");
                assertThat(storeRuns).hasSize(3);
                assertThat(rows(connection, PREFIX + "run", "hand")).isEqualTo(storeRuns);
            }
        }
    }

    /** Every row of {@code scope} in {@code table}, every column but the scope, in key order. */
    private static List<Map<String, Object>> rows(Connection connection, String table, String scope) throws SQLException {
        String order = table.endsWith("run") ? "dataset_key, run_id" : "dataset_key";
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM " + table + " WHERE scope_key = ? ORDER BY " + order)) {
            select.setString(1, scope);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        String name = meta.getColumnLabel(column).toLowerCase(Locale.ROOT);
                        if (!name.equals("scope_key")) {
                            row.put(name, result.getObject(column));
                        }
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
