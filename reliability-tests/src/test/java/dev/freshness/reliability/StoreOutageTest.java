package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.track.StoreFailurePolicy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Item 1, store outage: while the database is unreachable a tracked job returns its own result and throws its own
 * exception, the outage is logged at WARN once a minute (not once a run), and once the database is back the next
 * events are stored by the very same instances, restarting nothing. (What reads do meanwhile:
 * {@link StoreDownReadsTest}.)
 */
class StoreOutageTest {

    static final int RUNS = 1_000;
    static final int TERMINATIONS = 20;
    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("import", "orders")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    @Test
    void aJobOverAnUnreachableDatabaseKeepsItsOutcomeLogsOnceAMinuteAndRecordsAgainWhenItIsBack() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        String url = "jdbc:h2:mem:rel_outage_" + OwnDatabase.randomSuffix() + ";DB_CLOSE_DELAY=-1";
        h2.setURL(url);
        SwitchableDataSource dataSource = new SwitchableDataSource(h2);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("rel_outage_")
                .createSchemaIfMissing().build();
        SettableClock clock = SettableClock.at(T0);
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock).build()) {
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
            Figures.record("outage: %d runs, %d connections refused, %d WARN lines%n",
                    RUNS, dataSource.refusedConnections(), warnings.size());

            dataSource.up();
            clock.advance(Duration.ofSeconds(1));
            assertThat(freshness.track(ACME, "orders").runId(RunId.of("back")).call(() -> 7)).isEqualTo(7);

            FreshnessRecords records = freshness.records();
            DatasetStatus status = records.status(ACME, "orders");
            assertThat(status.lastSuccess()).map(DatasetStatus.Success::runId).hasValue(RunId.of("back"));
            assertThat(status.lastSuccess()).map(DatasetStatus.Success::at).hasValue(clock.instant());
            assertThat(status.runsInFlight()).isEmpty();
            assertThat(records.history(ACME, "orders", 10)).extracting(RunRecord::runId).containsExactly(RunId.of("back"));
        } finally {
            try (var connection = h2.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void aPostgresConnectionTerminatedMidRunCostsTheJobNothingAndTheNextRunIsStored() throws Exception {
        try (OwnDatabase database = Databases.POSTGRESQL.open()) {
            String applicationName = "rel_outage_" + OwnDatabase.randomSuffix();
            HikariDataSource pool = unvalidatedSingleConnection(database, applicationName);
            JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).withTablePrefix("rel_outage_")
                    .createSchemaIfMissing().build();
            JdbcFreshnessStore readOnTheSide = JdbcFreshnessStore.using(database.dataSource())
                    .withTablePrefix("rel_outage_").build();
            SettableClock clock = SettableClock.at(T0);
            // The start is written before the job runs: the job kills the connection between its two writes.
            try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                    .recordingStartsSynchronously().build();
                 DatasetFreshness onTheSide = DatasetFreshness.using(readOnTheSide, CATALOG).withClock(clock).build()) {
                runTerminationRounds(database, applicationName, freshness, onTheSide.records(), clock);
            }
        }
    }

    private static void runTerminationRounds(OwnDatabase database, String applicationName, DatasetFreshness freshness,
                                             FreshnessRecords onTheSide, SettableClock clock) throws Exception {
        int terminated = 0;
        int killedOutcomesLost = 0;
        List<String> warnings;
        int poolWarnings;
        try (LogLines log = LogLines.ofFreshnessAnd(LogLines.POOL)) {
            for (int round = 0; round < TERMINATIONS; round++) {
                clock.advance(StoreFailurePolicy.LOG_INTERVAL);
                RunId killed = RunId.of("killed-" + round);
                int expected = round;
                int[] terminatedNow = {0};
                int result = freshness.track(ACME, "orders").runId(killed).call(() -> {
                    assertThat(onTheSide.status(ACME, "orders").lastStart().map(DatasetStatus.Start::runId))
                            .as("the start, stored before the job ran").hasValue(killed);
                    terminatedNow[0] = terminateBackends(database, applicationName);
                    awaitNoBackend(database, applicationName);
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
            poolWarnings = log.at(Level.WARN, LogLines.POOL).size();
        }
        // The killed connection costs the one write that meets it: the killed run's success, logged (a minute of
        // the clock passes between rounds, so no line is held back). Nothing after it is lost.
        assertThat(killedOutcomesLost).isEqualTo(TERMINATIONS);
        assertThat(warnings).hasSize(killedOutcomesLost)
                .allSatisfy(line -> assertThat(line).contains("Could not record the success of run killed-"));
        Figures.record("pg_terminate_backend: %d rounds, %d backends terminated, %d outcomes of killed "
                + "runs lost and logged, %d WARN lines (and %d of the pool, captured), every following run stored%n",
                TERMINATIONS, terminated, killedOutcomesLost, warnings.size(), poolWarnings);
    }

    /**
     * A HikariCP pool of one connection that hands it out without validating it, as a pool with no validation
     * query does: Hikari validates a connection on borrow only when it has been idle longer than its
     * {@code com.zaxxer.hikari.aliveBypassWindowMs} (500 ms by default), read when a pool is made; this pool is
     * made with a day. So the connection the server killed is handed out once, and its statement fails.
     */
    private static HikariDataSource unvalidatedSingleConnection(OwnDatabase database, String applicationName) {
        String property = "com.zaxxer.hikari.aliveBypassWindowMs";
        String previous = System.getProperty(property);
        System.setProperty(property, Long.toString(Duration.ofDays(1).toMillis()));
        try {
            return database.newDataSource(database.url() + (database.url().contains("?") ? "&" : "?")
                    + "ApplicationName=" + applicationName, 1);
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    private static void awaitNoBackend(OwnDatabase database, String applicationName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (database.queryForLong("SELECT count(*) FROM pg_stat_activity" + backendsOf(database, applicationName)) > 0) {
            assertThat(System.nanoTime()).as("terminated backends gone within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static int terminateBackends(OwnDatabase database, String applicationName) {
        return (int) database.queryForLong("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                + " FROM pg_stat_activity" + backendsOf(database, applicationName));
    }

    /** The backends of the store's pool, and only those: in this test's own database, with its application name. */
    private static String backendsOf(OwnDatabase database, String applicationName) {
        return " WHERE datname = '" + database.name() + "' AND application_name = '" + applicationName + "'";
    }
}
