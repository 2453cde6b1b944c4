package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.RedeliveryStatus;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.TrackingListener;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Item 1, store outage: while the database is unreachable a tracked job returns its own result and throws its own
 * exception, the outage is logged at WARN once a minute (not once a run), the events that could not be written
 * wait in the redelivery queue, and once the database is back the very same instances write them all: the
 * statuses are those of a model of every event. A connection the server kills mid-run costs nothing: the write
 * is tried again on a fresh connection. (What reads do meanwhile: {@link StoreDownReadsTest}.)
 */
class StoreOutageTest {

    static final int RUNS = 1_000;
    static final int OUTAGE_MINUTES = 10;
    static final int SMALL_QUEUE = 500;
    static final int TERMINATIONS = 20;
    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("import", "orders")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    @Test
    void anUnreachableH2FileDatabaseLosesNoEventAndTheStatusesEqualTheModelOfAllEvents() throws Exception {
        Path directory = Files.createTempDirectory("rel-outage-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("freshness").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        try {
            outage("H2 file", h2, DatasetFreshness.DEFAULT_REDELIVERY_QUEUE_CAPACITY);
        } finally {
            try (var connection = h2.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } finally {
                try (var files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void anUnreachablePostgresDatabaseLosesNoEventAndTheStatusesEqualTheModelOfAllEvents() throws Exception {
        try (OwnDatabase database = Databases.POSTGRESQL.open(); HikariDataSource pool = database.newDataSource(4)) {
            outage("PostgreSQL", pool, DatasetFreshness.DEFAULT_REDELIVERY_QUEUE_CAPACITY);
        }
    }

    @Test
    void aQueueTooSmallForTheOutageDropsExactlyTheOldestEvents() throws Exception {
        try (OwnDatabase database = Databases.H2.open()) {
            outage("H2, a queue of " + SMALL_QUEUE, database.dataSource(), SMALL_QUEUE);
        }
    }

    /**
     * {@value #RUNS} tracked runs over {@value #OUTAGE_MINUTES} minutes of a settable clock while every connection
     * is refused, then the database back: every event the queue could hold is written, and the statuses are
     * those of a model of exactly those events.
     */
    private static void outage(String database, DataSource target, int capacity) throws Exception {
        SwitchableDataSource dataSource = new SwitchableDataSource(target);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("rel_outage_")
                .createSchemaIfMissing().build();
        SettableClock clock = SettableClock.at(T0);
        List<RunEvent> heard = new CopyOnWriteArrayList<>();
        TrackingListener everyEvent = new TrackingListener() {
            @Override
            public void onRunStarted(RunEvent.Started event) {
                heard.add(event);
            }

            @Override
            public void onRunSucceeded(RunEvent.Succeeded event) {
                heard.add(event);
            }

            @Override
            public void onRunFailed(RunEvent.Failed event) {
                heard.add(event);
            }
        };
        Duration between = Duration.ofMinutes(OUTAGE_MINUTES).dividedBy(RUNS);
        try (DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                .withTrackingListener(everyEvent).withRedeliveryQueueCapacity(capacity)
                .withRedeliveryBackoff(Duration.ofMillis(1), Duration.ofMillis(20)).build()) {
            dataSource.down();
            List<String> warnings;
            long started = System.nanoTime();
            try (CapturedLog log = CapturedLog.ofFreshness()) {
                for (int i = 0; i < RUNS; i++) {
                    clock.advance(between);
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
            long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int events = 2 * RUNS;
            assertThat(heard).hasSize(events);
            RedeliveryStatus queued = freshness.records().redeliveryStatus();
            assertThat(queued.capacity()).isEqualTo(capacity);
            assertThat(queued.queued()).isEqualTo(Math.min(capacity, events));
            assertThat(queued.dropped()).isEqualTo(Math.max(0, events - capacity));
            assertThat(freshness.reportOrUnreadable(ACME, "orders_page").possiblyBehind()).isTrue();

            // 1,000 runs over 10 minutes of the clock: one line a minute for the writes, and, when the queue
            // overflows, one a minute for the events it drops.
            List<String> couldNotRecord = warnings.stream().filter(line -> line.startsWith("Could not record")).toList();
            List<String> queueFull = warnings.stream().filter(line -> line.startsWith("The redelivery queue is full")).toList();
            assertThat(couldNotRecord).hasSize(OUTAGE_MINUTES)
                    .allSatisfy(line -> assertThat(line).contains("kept for redelivery", "Connection refused"));
            // The queue overflows from the start of run capacity / 2 on: one line a minute from then.
            int firstDroppingRun = capacity / 2;
            int minutesOfDrops = capacity >= events ? 0
                    : 1 + (int) between.multipliedBy(RUNS - 1 - firstDroppingRun).toMinutes();
            assertThat(queueFull).hasSize(minutesOfDrops);
            assertThat(warnings).hasSize(couldNotRecord.size() + queueFull.size());

            dataSource.up();
            long back = System.nanoTime();
            awaitEmptyQueue(freshness);
            long redeliveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);

            RedeliveryStatus after = freshness.records().redeliveryStatus();
            assertThat(after.delivered()).isEqualTo(Math.min(capacity, events));
            // The queue keeps the newest events: the model is of exactly those.
            List<RunEvent> kept = heard.stream().sorted(Comparator.comparing(RunEvent::at))
                    .skip(Math.max(0, events - capacity)).toList();
            ReferenceStatuses model = new ReferenceStatuses(kept);
            FreshnessRecords records = freshness.records();
            DatasetStatus status = records.status(ACME, "orders");
            assertThat(ReferenceStatuses.Expected.of(status)).isEqualTo(model.expected(ACME, DatasetKey.of("orders")));
            List<RunRecord> history = records.history(ACME, "orders", 2 * RUNS);
            // A redelivery already writing the oldest queued events when they were dropped may still write them once
            // the database is back: beyond the model's runs, history may hold only runs older than all of them.
            Set<RunId> keptRuns = kept.stream().map(RunEvent::runId).collect(Collectors.toSet());
            Instant oldestKept = kept.get(0).at();
            assertThat(history).extracting(RunRecord::runId).containsAll(keptRuns);
            assertThat(history).filteredOn(run -> !keptRuns.contains(run.runId()))
                    .allSatisfy(older -> assertThat(Optional.ofNullable(older.finishedAt()).orElse(older.startedAt()))
                            .isBefore(oldestKept));
            // Every event is written or counted as dropped: none vanished.
            long lost = events - after.delivered() - after.dropped();
            assertThat(lost).isZero();
            assertThat(freshness.report(ACME, "orders_page").possiblyBehind()).isFalse();
            Figures.record("outage on %s: %d runs over %d simulated minutes (%d ms), %d events, queue capacity %d:"
                    + " %d queued, %d dropped (the oldest), %d written after the database came back (in %d ms),"
                    + " statuses equal to the model, %d history records, %d WARN lines, %d events lost%n", database,
                    RUNS, OUTAGE_MINUTES, outageMillis, events, capacity, queued.queued(), queued.dropped(),
                    after.delivered(), redeliveryMillis, history.size(), warnings.size(), lost);
        }
    }

    private static void awaitEmptyQueue(DatasetFreshness freshness) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!freshness.records().redeliveryStatus().isEmpty()) {
            assertThat(System.nanoTime()).as("the queue written within 60 s").isLessThan(deadline);
            Thread.sleep(5);
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
        try (CapturedLog log = CapturedLog.ofFreshness(); CapturedLog pool = CapturedLog.of(CapturedLog.POOL)) {
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
                assertThat(freshness.records().redeliveryStatus().queued()).as("events queued in round %d", round)
                        .isZero();

                clock.advance(Duration.ofSeconds(1));
                RunId after = RunId.of("after-" + round);
                assertThat(freshness.track(ACME, "orders").runId(after).call(() -> expected)).isEqualTo(round);
                DatasetStatus status = onTheSide.status(ACME, "orders");
                assertThat(status.lastSuccess()).map(DatasetStatus.Success::runId).hasValue(after);
                assertThat(status.runsInFlight()).extracting(DatasetStatus.Start::runId).doesNotContain(after);
            }
            warnings = log.printed(Level.WARN);
            poolWarnings = pool.events(Level.WARN).size();
        }
        // The write that meets the killed connection is tried again on a fresh one at once: nothing is lost,
        // nothing waits for redelivery, nothing is logged.
        assertThat(killedOutcomesLost).isZero();
        assertThat(warnings).isEmpty();
        Figures.record("pg_terminate_backend: %d rounds, %d backends terminated, %d outcomes of killed "
                + "runs lost, %d WARN lines (and %d of the pool, captured), every following run stored%n",
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
