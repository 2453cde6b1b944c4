package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pruning against writers (issue 19, defect 5): a pruner deletes, in a loop, the history older than a cutoff of
 * 0 to {@value #CUTOFF_SECONDS} seconds ago (at 0, everything but the last successes), while {@value #WRITERS} threads record runs of {@value #PAIRS} (scope, dataset)
 * pairs as fast as they can, for {@code freshness.pruning.seconds} seconds (20 by default, what CI runs; the
 * figures in docs/reliability.md are of runs of 60). Runs take 0 to 4 seconds, so a run's success often arrives when its start is
 * already older than the cutoff, while the pruner deletes it. Afterwards:
 * <ul>
 *   <li>no prune and no event write failed (no deadlock or anything else came out of the store), and no slice
 *       of a prune even met a deadlock (the writers may, among themselves, and are retried);</li>
 *   <li>no event was lost: every pair's last start, success and failure equal a reference model of every event
 *       written (runs in flight are left out: pruning a run in flight legitimately ends it);</li>
 *   <li>every pair's last success still has its record in the history, finished at that success.</li>
 * </ul>
 * A prune, a write or a check begun before the deadline has {@link #GRACE} to end; one that does not fails the test
 * with the stack of every thread of it. The figures include the longest prune: a slice that reads more than its own
 * records makes a prune's time grow with the square of the history it finds ({@code PruningSliceCostTest} of
 * {@code freshness-jdbc} measures the rows each slice reads).
 */
class PruningUnderLoadTest {

    static final int WRITERS = 8;
    static final int PAIRS = 16;
    static final int CUTOFF_SECONDS = 2;
    static final int OPEN_RUNS_PER_WRITER = 4;
    private static final int SECONDS = Integer.getInteger("freshness.pruning.seconds", 20);

    /** How long after the deadline the threads may take to finish the prune, write or check they began before it. */
    private static final Duration GRACE = Duration.ofSeconds(120);

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aPrunerLoopingAgainstEightWritersLosesNoEventAndNoLastSuccessRecord(Databases kind) throws Exception {
        try (OwnDatabase database = kind.open()) {
            run(database);
        }
    }

    private static void run(OwnDatabase database) throws Exception {
        // 8 writers, the pruner, and the checks at the end.
        DataSource pool = database.newDataSource(WRITERS + 3);
        JdbcFreshnessStore store = JdbcFreshnessStore.using(pool)
                .withTablePrefix(Databases.PREFIX + "prune_").createSchemaIfMissing().build();
        Set<String> missingWhileRunning = ConcurrentHashMap.newKeySet();
        AtomicLong checks = new AtomicLong();
        Instant deadline = Instant.now().plusSeconds(SECONDS);
        List<RunEvent> written = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Throwable> writeFailures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> pruneFailures = new ConcurrentLinkedQueue<>();
        AtomicLong prunes = new AtomicLong();
        AtomicLong pruned = new AtomicLong();
        AtomicLong longestPruneNanos = new AtomicLong();
        long seed = new Random().nextLong();
        List<String> retries;
        List<String> driverWarnings;
        try (CapturedLog log = CapturedLog.ofFreshness();
             CapturedLog drivers = CapturedLog.of("org.mariadb.jdbc", "org.postgresql", "org.h2")) {
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 2);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    int id = writer;
                    done.add(threads.submit(() -> {
                        Thread.currentThread().setName("pruning-test-writer-" + id);
                        start.await();
                        write(store, id, new Random(seed + id), deadline, written, writeFailures);
                        return null;
                    }));
                }
                done.add(threads.submit(() -> {
                    Thread.currentThread().setName("pruning-test-pruner");
                    start.await();
                    Random cutoffs = new Random(seed);
                    while (Instant.now().isBefore(deadline)) {
                        try {
                            Instant cutoff = Instant.now().minusMillis(cutoffs.nextInt(CUTOFF_SECONDS * 1_000 + 1));
                            long began = System.nanoTime();
                            pruned.addAndGet(store.pruneHistory(cutoff));
                            longestPruneNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
                        } catch (RuntimeException e) {
                            pruneFailures.add(e);
                        }
                        prunes.incrementAndGet();
                    }
                    return null;
                }));
                done.add(threads.submit(() -> {
                    Thread.currentThread().setName("pruning-test-checker");
                    start.await();
                    while (Instant.now().isBefore(deadline)) {
                        missingWhileRunning.addAll(lastSuccessesWithoutRecord(pool, store));
                        checks.incrementAndGet();
                    }
                    return null;
                }));
                start.countDown();
                for (Future<?> future : done) {
                    try {
                        future.get(Duration.between(Instant.now(), deadline.plus(GRACE)).toMillis(),
                                TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("still running " + GRACE.toSeconds() + " s after the last prune or"
                                + " write began (seed " + seed + "):" + stacksOfThisTestsThreads(), e);
                    }
                }
            } finally {
                threads.shutdownNow();
            }
            retries = log.messages(Level.DEBUG).stream().filter(message -> message.startsWith("Retrying")).toList();
            driverWarnings = drivers.events(Level.WARN).stream()
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()).toList();
        }

        ReferenceStatuses model = new ReferenceStatuses(written);
        List<String> differences = new ArrayList<>();
        List<String> missingRecords = new ArrayList<>();
        int lastSuccesses = 0;
        for (Map.Entry<Scope, DatasetKey> pair : model.pairs()) {
            ReferenceStatuses.Expected expected = model.expected(pair.getKey(), pair.getValue());
            Optional<DatasetStatus> status = store.status(pair.getKey(), pair.getValue());
            ReferenceStatuses.Expected actual = status.map(ReferenceStatuses.Expected::of).orElse(null);
            if (actual == null || !expected.lastStart().equals(actual.lastStart())
                    || !expected.lastSuccess().equals(actual.lastSuccess())
                    || !expected.lastFailure().equals(actual.lastFailure())) {
                differences.add(pair + ": expected " + expected + " but the store has " + actual);
            }
            if (expected.lastSuccess().isPresent()) {
                lastSuccesses++;
                DatasetStatus.Success success = expected.lastSuccess().get();
                boolean present = store.runHistory(success.runId()).stream().anyMatch(record ->
                        record.scope().equals(pair.getKey()) && record.dataset().equals(pair.getValue())
                                && record.outcome() == RunRecord.Outcome.SUCCEEDED
                                && success.at().equals(record.finishedAt()));
                if (!present) {
                    missingRecords.add(pair + ": no record of its last success " + success);
                }
            }
        }
        long deadlocks = writeFailures.stream().filter(PruningUnderLoadTest::isDeadlock).count()
                + pruneFailures.stream().filter(PruningUnderLoadTest::isDeadlock).count();

        Figures.record("pruning under load on %s: %d s, %d writers and a pruner (cutoff 0 to %d s), %d events"
                        + " over %d pairs, %d prunes deleting %d rows (the longest took %d ms); %d prunes and %d event"
                        + " writes failed (%d on a deadlock), %d retries after a deadlock (%d of a prune's slice), %d driver warnings; %d pairs"
                        + " differ from the model, %d of %d last-success records present at the end, %d seen missing in"
                        + " %d checks while running (seed %d)%n",
                database.kind(), SECONDS, WRITERS, CUTOFF_SECONDS, written.size(), model.pairs().size(), prunes.get(),
                pruned.get(), TimeUnit.NANOSECONDS.toMillis(longestPruneNanos.get()), pruneFailures.size(),
                writeFailures.size(), deadlocks, retries.size(),
                retries.stream().filter(message -> message.contains("to prune")).count(),
                driverWarnings.size(), differences.size(), lastSuccesses - missingRecords.size(), lastSuccesses,
                missingWhileRunning.size(), checks.get(), seed);
        assertThat(pruneFailures).as("prunes that failed").extracting(PruningUnderLoadTest::describe).isEmpty();
        // A slice locks in the writers' order, record by record: it may wait for a writer, never deadlock with one.
        assertThat(retries).as("slices of a prune retried after a deadlock")
                .filteredOn(message -> message.contains("to prune")).isEmpty();
        assertThat(writeFailures).as("event writes that failed: those events are lost")
                .extracting(PruningUnderLoadTest::describe).isEmpty();
        assertThat(differences).as("statuses that differ from the model of every event written (seed %d)", seed)
                .isEmpty();
        assertThat(missingRecords).as("last successes whose history record was pruned (seed %d)", seed).isEmpty();
        assertThat(missingWhileRunning).as("last successes seen without their record while the test ran (seed %d)",
                seed).isEmpty();
        assertThat(pruned.get()).as("rows pruned").isPositive();
    }

    /**
     * One writer: keeps up to {@value #OPEN_RUNS_PER_WRITER} runs of its own open on random pairs, starting new ones
     * and finishing the oldest (a success, or one time in seven a failure) once it is 0 to 4 seconds old; one run in
     * twenty is never finished; one event in twenty is sent twice, as a retry would.
     */
    private static void write(JdbcFreshnessStore store, int writer, Random random, Instant deadline,
                              List<RunEvent> written, ConcurrentLinkedQueue<Throwable> failures) {
        record Open(RunEvent.Started start, Duration lasts) {
        }
        Deque<Open> open = new ArrayDeque<>();
        int runs = 0;
        RunEvent previous = null;
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            RunEvent event;
            Open oldest = open.peekFirst();
            if (previous != null && random.nextInt(20) == 0) {
                event = previous;
            } else if (oldest != null && (open.size() >= OPEN_RUNS_PER_WRITER
                    || !now.isBefore(oldest.start().at().plus(oldest.lasts())))) {
                open.removeFirst();
                RunEvent.Started start = oldest.start();
                if (random.nextInt(20) == 0) {
                    continue;
                }
                event = random.nextInt(7) == 0
                        ? new RunEvent.Failed(start.scope(), start.dataset(), start.runId(), now,
                                JobError.of("java.io.IOException", "disk full", null))
                        : new RunEvent.Succeeded(start.scope(), start.dataset(), start.runId(), now, random.nextInt(1_000));
            } else {
                int pair = random.nextInt(PAIRS);
                RunEvent.Started start = new RunEvent.Started(scopeOf(pair), datasetOf(pair),
                        RunId.of("w" + writer + "-r" + runs++), now, "job");
                open.addLast(new Open(start, Duration.ofMillis(random.nextInt(4_000))));
                event = start;
            }
            try {
                store.apply(event);
                written.add(event);
            } catch (RuntimeException e) {
                failures.add(e);
            }
            previous = event;
        }
    }

    /**
     * Every pair whose last success has no record of that success, read from one snapshot of the database (a
     * repeatable-read transaction): the status and the history as they were at one instant.
     */
    private static List<String> lastSuccessesWithoutRecord(DataSource pool, JdbcFreshnessStore store) {
        Set<Scope> scopes = new HashSet<>();
        Set<DatasetKey> datasets = new HashSet<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            scopes.add(scopeOf(pair));
            datasets.add(datasetOf(pair));
        }
        return Jdbi.create(pool).inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            JdbcFreshnessStore snapshot = store.inTransactionOf(handle);
            List<String> missing = new ArrayList<>();
            for (DatasetStatus status : snapshot.statuses(scopes, datasets)) {
                Optional<DatasetStatus.Success> success = status.lastSuccess();
                if (success.isPresent() && snapshot.runHistory(success.get().runId()).stream().noneMatch(record ->
                        record.scope().equals(status.scope()) && record.dataset().equals(status.dataset())
                                && record.outcome() == RunRecord.Outcome.SUCCEEDED
                                && success.get().at().equals(record.finishedAt()))) {
                    missing.add(status.scope() + "/" + status.dataset() + " " + success.get());
                }
            }
            return missing;
        });
    }

    private static Scope scopeOf(int pair) {
        return Scope.tenant("tenant-" + pair % 4);
    }

    private static DatasetKey datasetOf(int pair) {
        return DatasetKey.of("dataset_" + pair / 4);
    }

    /** Where each of this test's threads is, for a test that did not end in time. */
    private static String stacksOfThisTestsThreads() {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread.getName().startsWith("pruning-test-")) {
                stacks.append("\n").append(thread.getName()).append(" (").append(thread.getState()).append(')');
                for (StackTraceElement frame : frames) {
                    stacks.append("\n    at ").append(frame);
                }
            }
        });
        return stacks.toString();
    }

    private static boolean isDeadlock(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()) || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }
}
