package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        StoredRows.assumeReachable(database);
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
                StoredRows.assertSameRows(connection, PREFIX, "store", "hand", 3);
            }
        }
    }
}
