package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testkit.PooledDataSource;
import dev.freshness.track.StoreFailurePolicy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Item 1, store outage: while the database is unreachable a tracked job returns its own result and throws its own
 * exception, the outage is logged at WARN once a minute (not once a run), and once the database is back the next
 * events are stored by the very same instances, restarting nothing.
 */
class StoreOutageTest {

    static final int RUNS = 1_000;
    static final int TERMINATIONS = 20;
    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    @Test
    void aJobOverAnUnreachableDatabaseKeepsItsOutcomeLogsOnceAMinuteAndRecordsAgainWhenItIsBack() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:rel_outage;DB_CLOSE_DELAY=-1");
        SwitchableDataSource dataSource = new SwitchableDataSource(h2);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("rel_outage_")
                .createSchemaIfMissing().build();
        SettableClock clock = SettableClock.at(T0);
        DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();

        dataSource.down();
        List<String> warnings;
        try (LogLines log = LogLines.ofFreshness()) {
            for (int i = 0; i < RUNS; i++) {
                clock.advance(Duration.ofSeconds(1));
                int expected = i;
                RunId runId = RunId.of("down-" + i);
                if (i % 2 == 0) {
                    assertThat(freshness.track(ACME, "orders").runId(runId).call(() -> expected)).isEqualTo(i);
                } else {
                    IOException own = new IOException("job " + i + " failed on its own");
                    assertThatThrownBy(() -> freshness.track(ACME, "orders").runId(runId).call(() -> {
                        throw own;
                    })).isSameAs(own);
                }
            }
            warnings = log.printed(Level.WARN);
        }

        // Start and outcome of every run were refused; 1,000 runs over 1,000 seconds of the clock: one line a minute.
        assertThat(dataSource.refusedConnections()).isGreaterThanOrEqualTo(2 * RUNS);
        long minutes = Duration.ofSeconds(RUNS - 1).toMinutes();
        assertThat(warnings).hasSize((int) (minutes + 1))
                .allSatisfy(line -> assertThat(line).contains("Could not record", "Connection refused"));
        assertThat(warnings.get(1)).contains("more for this dataset were not logged");
        System.out.printf("[figure] outage: %d runs, %d connections refused, %d WARN lines%n",
                RUNS, dataSource.refusedConnections(), warnings.size());

        dataSource.up();
        clock.advance(Duration.ofSeconds(1));
        assertThat(freshness.track(ACME, "orders").runId(RunId.of("back")).call(() -> 7)).isEqualTo(7);

        DatasetStatus status = freshness.status(ACME, "orders");
        assertThat(status.lastSuccess()).map(DatasetStatus.Success::runId).hasValue(RunId.of("back"));
        assertThat(status.lastSuccess()).map(DatasetStatus.Success::at).hasValue(clock.instant());
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(freshness.history(ACME, "orders", 10)).extracting(RunRecord::runId).containsExactly(RunId.of("back"));
    }

    @Test
    void aPostgresConnectionTerminatedMidRunCostsTheJobNothingAndTheNextRunIsStored() throws Exception {
        PooledDataSource observer = Databases.POSTGRESQL.dataSource();
        String applicationName = "rel_outage_" + ProcessHandle.current().pid();
        String url = Databases.POSTGRESQL.url();
        // One connection, not validated on borrow: the pool hands out the connection the server killed, once.
        PooledDataSource pool = new PooledDataSource(
                url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName, List.of(), false, 1);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).withTablePrefix("rel_outage_")
                .createSchemaIfMissing().build();
        Databases.POSTGRESQL.execute("DELETE FROM rel_outage_run", "DELETE FROM rel_outage_status");
        JdbcFreshnessStore readOnTheSide = JdbcFreshnessStore.using(observer).withTablePrefix("rel_outage_").build();
        SettableClock clock = SettableClock.at(T0);
        DatasetFreshness freshness = DatasetFreshness.using(store).withClock(clock).build();
        DatasetFreshness onTheSide = DatasetFreshness.using(readOnTheSide).withClock(clock).build();

        int terminated = 0;
        int killedOutcomesLost = 0;
        List<String> warnings;
        try (LogLines log = LogLines.ofFreshness()) {
            for (int round = 0; round < TERMINATIONS; round++) {
                clock.advance(StoreFailurePolicy.LOG_INTERVAL);
                RunId killed = RunId.of("killed-" + round);
                int expected = round;
                int[] terminatedNow = {0};
                int result = freshness.track(ACME, "orders").runId(killed).call(() -> {
                    awaitStart(onTheSide, killed);
                    terminatedNow[0] = terminateBackends(observer, applicationName);
                    awaitNoBackend(observer, applicationName);
                    return expected;
                });
                assertThat(result).isEqualTo(round);
                assertThat(terminatedNow[0]).as("backends terminated in round %d", round).isPositive();
                terminated += terminatedNow[0];
                if (!onTheSide.status(ACME, "orders").lastSuccess().map(DatasetStatus.Success::runId)
                        .equals(Optional.of(killed))) {
                    killedOutcomesLost++;
                }

                clock.advance(Duration.ofSeconds(1));
                RunId after = RunId.of("after-" + round);
                assertThat(freshness.track(ACME, "orders").runId(after).call(() -> expected)).isEqualTo(round);
                DatasetStatus status = onTheSide.status(ACME, "orders");
                assertThat(status.lastSuccess()).map(DatasetStatus.Success::runId).hasValue(after);
                assertThat(status.runsInFlight()).extracting(DatasetStatus.Start::runId).doesNotContain(after);
            }
            warnings = log.printed(Level.WARN);
        }
        // The killed connection costs the one write that meets it: the killed run's success, logged (a minute of
        // the clock passes between rounds, so no line is held back). Nothing after it is lost.
        assertThat(killedOutcomesLost).isEqualTo(TERMINATIONS);
        assertThat(warnings).hasSize(killedOutcomesLost)
                .allSatisfy(line -> assertThat(line).contains("Could not record the success of run killed-"));
        System.out.printf("[figure] pg_terminate_backend: %d rounds, %d backends terminated, %d outcomes of killed "
                + "runs lost and logged, %d WARN lines, every following run stored%n",
                TERMINATIONS, terminated, killedOutcomesLost, warnings.size());
        pool.closeIdle();
    }

    /** Waits until the run's start is in the database, so that the connection is killed between its two writes. */
    private static void awaitStart(DatasetFreshness freshness, RunId runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!freshness.status(ACME, "orders").lastStart().map(DatasetStatus.Start::runId)
                .equals(Optional.of(runId))) {
            assertThat(System.nanoTime()).as("start of %s stored within 10 s", runId).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitNoBackend(PooledDataSource observer, String applicationName) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection connection = observer.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                         + " WHERE application_name = '" + applicationName + "'")) {
                rows.next();
                if (rows.getInt(1) == 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("terminated backends gone within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static int terminateBackends(PooledDataSource observer, String applicationName) throws SQLException {
        int terminated = 0;
        try (Connection connection = observer.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = '" + applicationName + "'")) {
            while (rows.next()) {
                terminated += rows.getBoolean(1) ? 1 : 0;
            }
        }
        return terminated;
    }
}
