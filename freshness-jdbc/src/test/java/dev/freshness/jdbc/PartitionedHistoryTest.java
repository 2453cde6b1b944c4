package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run history of PostgreSQL partitioned by day: a run's fragments read as one record, the partitions created
 * ahead, pruning by dropping whole days (the last successes and the runs that go on kept), writers never losing an
 * event to a drop, and the option refused on the other databases.
 */
class PartitionedHistoryTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final DatasetKey ADS = DatasetKey.of("ads");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    private static OpenDatabase postgres() {
        return DATABASES.of(DatabaseSetup.POSTGRESQL);
    }

    private static JdbcFreshnessStore partitionedStore(String prefix) {
        OpenDatabase database = postgres();
        return database.emptyStore(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(prefix)
                .partitionHistoryByDay());
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static Instant at(LocalDate day, String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    @Test
    void theTableIsPartitionedWithTheDaysAheadAndADefault() throws SQLException {
        partitionedStore("ahead_");

        assertThat(partitions("ahead_")).contains("ahead_run_pdefault")
                .contains("ahead_run_p" + DAY.format(today()), "ahead_run_p" + DAY.format(today().plusDays(7)))
                .doesNotContain("ahead_run_p" + DAY.format(today().minusDays(1)));
    }

    @Test
    void aRunAcrossMidnightReadsAsOneRecordAndIsNotInFlight() throws SQLException {
        JdbcFreshnessStore store = partitionedStore("midnight_");
        Scope acme = Scope.tenant("acme");
        RunId run = RunId.of("across");
        LocalDate day = today().minusDays(1);
        store.apply(new RunEvent.Started(acme, ADS, run, at(day, "23:59:00"), "nightly"));
        store.apply(new RunEvent.Succeeded(acme, ADS, run, at(day.plusDays(1), "00:01:00"), 42));

        assertThat(count("SELECT COUNT(*) FROM midnight_run WHERE run_id = 'across'")).as("two fragments").isEqualTo(2);
        RunRecord expected = new RunRecord(acme, ADS, run, "nightly", at(day, "23:59:00"),
                at(day.plusDays(1), "00:01:00"), RunRecord.Outcome.SUCCEEDED, 42, null);
        assertThat(store.history(acme, ADS, 10)).containsExactly(expected);
        assertThat(store.runHistory(run)).containsExactly(expected);
        DatasetStatus status = store.status(acme, ADS).orElseThrow();
        assertThat(status.runsInFlight()).isEmpty();
    }

    @Test
    void historyLimitsRunsNotFragments() {
        JdbcFreshnessStore store = partitionedStore("limit_");
        Scope acme = Scope.tenant("acme");
        LocalDate day = today().minusDays(3);
        for (int i = 0; i < 3; i++) {
            RunId run = RunId.of("r" + i);
            store.apply(new RunEvent.Started(acme, ADS, run, at(day.plusDays(i), "23:00:00"), "job"));
            store.apply(new RunEvent.Succeeded(acme, ADS, run, at(day.plusDays(i + 1), "01:00:00"), i));
        }

        assertThat(store.history(acme, ADS, 2)).extracting(RunRecord::runId)
                .containsExactly(RunId.of("r2"), RunId.of("r1"));
        assertThat(store.history(acme, ADS, 2)).allSatisfy(record -> assertThat(record.startedAt()).isNotNull());
    }

    @Test
    void aStartBeforeTheCutoffWhoseRunSucceedsLaterSurvivesAPruneMerged() throws SQLException {
        JdbcFreshnessStore store = partitionedStore("merged_");
        LocalDate old = today().minusDays(5);
        createPartition("merged_", old);
        Scope acme = Scope.tenant("acme");
        RunId run = RunId.of("long");
        Instant started = at(old, "22:00:00");
        Instant succeeded = Instant.now().minusSeconds(60);
        store.apply(new RunEvent.Started(acme, ADS, run, started, "backfill"));
        store.apply(new RunEvent.Succeeded(acme, ADS, run, succeeded, 7));

        int deleted = store.pruneHistory(at(old.plusDays(1), "00:00:00"));

        assertThat(deleted).isZero();
        assertThat(partitions("merged_")).doesNotContain("merged_run_p" + DAY.format(old));
        RunRecord merged = new RunRecord(acme, ADS, run, "backfill", started,
                succeeded.truncatedTo(java.time.temporal.ChronoUnit.MICROS), RunRecord.Outcome.SUCCEEDED, 7, null);
        assertThat(store.runHistory(run)).containsExactly(merged);
        assertThat(count("SELECT COUNT(*) FROM merged_run WHERE run_id = 'long'")).as("one fragment left").isEqualTo(1);
    }

    /**
     * A run whose start and outcome are both on a later day than its last success (its start sent again with a later
     * time, then a failure): the last success's fragment is not merged into the later one but kept in the default
     * partition, the run still reads as one record, and once the later day is dropped the last success keeps its
     * record.
     */
    @Test
    void aLastSuccessWhoseRunStartsAgainOnALaterDayKeepsItsRecord() throws SQLException {
        JdbcFreshnessStore store = partitionedStore("again_");
        LocalDate d1 = today().minusDays(6);
        LocalDate d2 = d1.plusDays(1);
        createPartition("again_", d1);
        createPartition("again_", d2);
        Scope acme = Scope.tenant("acme");
        RunId run = RunId.of("again");
        succeed(store, acme, "again", at(d1, "08:00:00"));
        store.apply(new RunEvent.Started(acme, ADS, run, at(d2, "08:00:00"), "job"));
        store.apply(new RunEvent.Failed(acme, ADS, run, at(d2, "09:00:00"), JobError.of("E", "late", null)));
        List<RunRecord> before = store.runHistory(run);

        assertThat(store.pruneHistory(at(d2, "00:00:00"))).isZero();

        assertThat(store.runHistory(run)).isEqualTo(before).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM again_run_pdefault")).as("the last success's fragment").isEqualTo(1);

        assertThat(store.pruneHistory(at(d2.plusDays(1), "00:00:00"))).as("the run is still there").isZero();

        assertThat(store.runHistory(run)).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
            assertThat(record.finishedAt()).isEqualTo(at(d1, "08:00:00"));
        });
        assertThat(store.status(acme, ADS).orElseThrow().lastSuccess()).hasValueSatisfying(success ->
                assertThat(success.runId()).isEqualTo(run));
    }

    @Test
    void pruningDropsTheOldDaysKeepsTheLastSuccessesAndCountsRecords() throws SQLException {
        JdbcFreshnessStore store = partitionedStore("drop_");
        LocalDate d1 = today().minusDays(10);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d2.plusDays(1);
        for (LocalDate day : List.of(d1, d2, d3)) {
            createPartition("drop_", day);
        }
        Scope t1 = Scope.tenant("t1");
        Scope t2 = Scope.tenant("t2");
        Scope t3 = Scope.tenant("t3");
        Scope t4 = Scope.tenant("t4");
        // t1: its last success is on d1: kept.
        succeed(store, t1, "t1-r1", at(d1, "08:00:00"));
        // t2: a success on d1 (deleted), its last success on d3 (a day kept).
        succeed(store, t2, "t2-r1", at(d1, "08:00:00"));
        succeed(store, t2, "t2-r2", at(d3, "08:00:00"));
        // t3: a failure on d1 (deleted); a run from d1 to d2 that failed (deleted, one record); a success on d3.
        store.apply(new RunEvent.Failed(t3, ADS, RunId.of("t3-r1"), at(d1, "08:00:00"), JobError.of("E", "boom", null)));
        store.apply(new RunEvent.Started(t3, ADS, RunId.of("t3-r2"), at(d1, "23:30:00"), "job"));
        store.apply(new RunEvent.Failed(t3, ADS, RunId.of("t3-r2"), at(d2, "00:30:00"), JobError.of("E", "late", null)));
        succeed(store, t3, "t3-r3", at(d3, "08:00:00"));
        // t4: a run started on d2 and still in flight on d3.
        store.apply(new RunEvent.Started(t4, ADS, RunId.of("t4-r1"), at(d2, "23:00:00"), "job"));
        store.apply(new RunEvent.Started(t4, ADS, RunId.of("t4-r1"), at(d3, "01:00:00"), "job"));

        int deleted = store.pruneHistory(at(d3, "00:00:00"));

        assertThat(deleted).as("t2-r1, t3-r1 and t3-r2, once").isEqualTo(3);
        assertThat(partitions("drop_")).doesNotContain("drop_run_p" + DAY.format(d1), "drop_run_p" + DAY.format(d2))
                .contains("drop_run_p" + DAY.format(d3));
        assertThat(store.history(t1, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("t1-r1"));
        assertThat(store.history(t2, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("t2-r2"));
        assertThat(store.history(t3, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("t3-r3"));
        assertThat(store.history(t4, ADS, 10)).singleElement()
                .satisfies(record -> assertThat(record.startedAt()).isEqualTo(at(d3, "01:00:00")));
        assertThat(store.status(t4, ADS).orElseThrow().runsInFlight()).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM drop_run_pdefault")).as("t1's last success").isEqualTo(1);

        assertThat(store.pruneHistory(at(d3.plusDays(1), "00:00:00"))).as("t4-r1, abandoned on d3").isEqualTo(1);
        assertThat(store.history(t4, ADS, 10)).isEmpty();
        assertThat(store.history(t2, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("t2-r2"));
        assertThat(store.history(t3, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("t3-r3"));
        assertThat(count("SELECT COUNT(*) FROM drop_run_pdefault")).as("the last successes").isEqualTo(3);
    }

    @Test
    void aWriterDuringPrunesLosesNoEvent() throws Exception {
        JdbcFreshnessStore store = partitionedStore("race_");
        List<LocalDate> oldDays = oldDaysWithASuccessEach(store, "race_");
        List<RunId> written = whilePruningEachDay(store, oldDays, pruning -> {
            List<RunId> runs = new ArrayList<>();
            for (int i = 0; pruning.getAsBoolean() || i < 50; i++) {
                RunId run = RunId.of("w" + i);
                Scope scope = Scope.tenant("tenant" + (i % 7));
                Instant now = Instant.now();
                store.apply(new RunEvent.Started(scope, ADS, run, now.minusMillis(5), "job"));
                store.apply(new RunEvent.Succeeded(scope, ADS, run, now, i));
                runs.add(run);
            }
            return runs;
        });

        for (RunId run : written) {
            assertThat(store.runHistory(run)).as("run %s", run).singleElement()
                    .satisfies(record -> assertThat(record.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED));
        }
        assertThat(partitions("race_")).noneMatch(name -> oldDays.stream()
                .anyMatch(day -> name.equals("race_run_p" + DAY.format(day))));
        assertThat(store.history(Scope.tenant("old"), ADS, 100)).extracting(RunRecord::runId)
                .containsExactly(RunId.of("old-" + oldDays.get(oldDays.size() - 1)));
    }

    /**
     * Events dated on the days being dropped, written while they are: such a writer and the drop can meet in a
     * deadlock (the writer holds the parent table, the drop its partition), which PostgreSQL breaks by failing one;
     * whichever it is tries again, so no event fails, and each late success, its pair's only one, outlives the prune.
     */
    @Test
    void lateEventsOfTheDaysBeingDroppedAreWrittenAndKept() throws Exception {
        JdbcFreshnessStore store = partitionedStore("late_");
        List<LocalDate> oldDays = oldDaysWithASuccessEach(store, "late_");
        List<Integer> late = whilePruningEachDay(store, oldDays, pruning -> {
            List<Integer> written = new ArrayList<>();
            for (int i = 0; pruning.getAsBoolean() || i < 20; i++) {
                LocalDate day = oldDays.get(i % oldDays.size());
                store.apply(new RunEvent.Succeeded(Scope.tenant("late" + i), ADS, RunId.of("late-" + i),
                        at(day, "18:00:00"), i));
                written.add(i);
            }
            return written;
        });

        assertThat(partitions("late_")).noneMatch(name -> oldDays.stream()
                .anyMatch(day -> name.equals("late_run_p" + DAY.format(day))));
        for (int i : late) {
            RunId run = RunId.of("late-" + i);
            assertThat(store.status(Scope.tenant("late" + i), ADS)).as("status of late%d", i).get()
                    .satisfies(status -> assertThat(status.lastSuccess()).get().extracting(DatasetStatus.Success::runId).isEqualTo(run));
            assertThat(store.runHistory(run)).as("run %s", run).singleElement()
                    .satisfies(record -> assertThat(record.recordsAffected()).isEqualTo(i));
        }
    }

    @Test
    void aDropBehindALongQueryGivesUpInTurnsAndLetsWritersThrough() throws Exception {
        JdbcFreshnessStore store = partitionedStore("waits_");
        LocalDate old = today().minusDays(30);
        createPartition("waits_", old);
        succeed(store, Scope.tenant("old"), "old-1", at(old, "12:00:00"));
        succeed(store, Scope.tenant("old"), "old-2", at(old, "13:00:00"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection reader = postgres().dataSource().getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM waits_run").close();
            }
            Future<Integer> prune = threads.submit(() -> store.pruneHistory(at(old.plusDays(1), "00:00:00")));
            Thread.sleep(300);
            long slowest = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; System.nanoTime() < until; i++) {
                long start = System.nanoTime();
                store.apply(new RunEvent.Started(Scope.tenant("busy"), ADS, RunId.of("b" + i), Instant.now(), "job"));
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            assertThat(prune).as("the drop waits for the long query").isNotDone();
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("the longest wait of a writer, ms")
                    .isLessThan(3_000);
            reader.commit();

            assertThat(prune.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(partitions("waits_")).doesNotContain("waits_run_p" + DAY.format(old));
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "MARIADB"})
    void theOptionIsRefusedOnOtherDatabases(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("refused_")
                .partitionHistoryByDay().createSchemaIfMissing().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitionHistoryByDay()")
                .hasMessageContaining("PostgreSQL only")
                .hasMessageContaining("dialect " + setup.expectedDialect());
    }

    /** Ten days from 20 to 11 days ago, each with a partition and one success of tenant "old". */
    private static List<LocalDate> oldDaysWithASuccessEach(JdbcFreshnessStore store, String prefix) {
        List<LocalDate> oldDays = new ArrayList<>();
        for (int i = 20; i > 10; i--) {
            oldDays.add(today().minusDays(i));
        }
        for (LocalDate day : oldDays) {
            createPartition(prefix, day);
            succeed(store, Scope.tenant("old"), "old-" + day, at(day, "12:00:00"));
        }
        return oldDays;
    }

    /**
     * Runs {@code writer} on a thread of its own while {@code days} are pruned one by one, oldest first; the writer is
     * told whether the prunes still run. What it returns, once it has.
     */
    private static <T> T whilePruningEachDay(JdbcFreshnessStore store, List<LocalDate> days,
                                             Function<BooleanSupplier, T> writer) throws Exception {
        AtomicBoolean pruning = new AtomicBoolean(true);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<T> writes = thread.submit(() -> writer.apply(pruning::get));
        try {
            try {
                for (LocalDate day : days) {
                    store.pruneHistory(at(day.plusDays(1), "00:00:00"));
                }
            } finally {
                pruning.set(false);
            }
            return writes.get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    private static void succeed(JdbcFreshnessStore store, Scope scope, String run, Instant at) {
        store.apply(new RunEvent.Started(scope, ADS, RunId.of(run), at.minusSeconds(60), "job"));
        store.apply(new RunEvent.Succeeded(scope, ADS, RunId.of(run), at, 1));
    }

    private static void createPartition(String prefix, LocalDate day) {
        postgres().execute("CREATE TABLE " + prefix + "run_p" + DAY.format(day) + " PARTITION OF " + prefix
                + "run FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')");
    }

    private static List<String> partitions(String prefix) {
        return postgres().firstColumn("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = '" + prefix + "run' AND c.relkind = 'r'");
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = postgres().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
