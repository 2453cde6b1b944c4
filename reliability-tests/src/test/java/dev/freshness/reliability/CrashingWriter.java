package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link CrashTest}: records events without end until it is killed, and prints each one
 * ({@code COMMITTED <kind> <scope> <run id> <instant>}) right after the store has committed it. Half-way it
 * starts the run {@value #CRASHED_RUN} of the global scope, which never finishes.
 *
 * <p>Arguments: the JDBC URL, the table prefix, the first event's instant.
 */
public final class CrashingWriter {

    static final String CRASHED_RUN = "crashed-run";
    static final String READY = "READY";
    static final String DATASET = "orders";
    static final int EVENTS_BEFORE_THE_CRASHED_RUN = 50;

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String url = args[0];
        DataSource dataSource;
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            dataSource = h2;
        } else {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            dataSource = postgres;
        }
        JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix(args[1])
                .createSchemaIfMissing().build();
        SettableClock clock = SettableClock.at(Instant.parse(args[2]));
        // The catalog is the parent's business: this process only records, so it allows any dataset.
        DatasetFreshness freshness = DatasetFreshness.using(store, Catalog.builder().build()).withClock(clock)
                .withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW).recordingStartsSynchronously().build();
        FreshnessRecords records = freshness.records();

        Scope global = Scope.global();
        freshness.track(global, DATASET).runId(RunId.of("finished-run")).run(() -> clock.advance(Duration.ofSeconds(1)));
        out.println("COMMITTED SUCCEEDED * finished-run " + clock.instant());
        for (long i = 0; ; i++) {
            Scope tenant = Scope.tenant("t" + i % 7);
            RunId runId = RunId.of("run-" + i);
            clock.advance(Duration.ofSeconds(1));
            records.recordStart(tenant, DATASET, runId);
            out.println("COMMITTED STARTED " + tenant.key() + " " + runId + " " + clock.instant());
            clock.advance(Duration.ofSeconds(1));
            if (i % 3 == 0) {
                records.recordFailure(tenant, DATASET, runId, new IllegalStateException("attempt " + i));
                out.println("COMMITTED FAILED " + tenant.key() + " " + runId + " " + clock.instant());
            } else {
                records.recordSuccess(tenant, DATASET, runId, i);
                out.println("COMMITTED SUCCEEDED " + tenant.key() + " " + runId + " " + clock.instant());
            }
            if (i == EVENTS_BEFORE_THE_CRASHED_RUN) {
                startTheRunThatNeverEnds(freshness, clock, out);
            }
        }
    }

    /**
     * A tracked job that never ends, on a thread of its own. Its start is written before the job runs
     * ({@code recordingStartsSynchronously}), so once the job signals that it runs, the start is committed.
     */
    private static void startTheRunThatNeverEnds(DatasetFreshness freshness, SettableClock clock, PrintStream out)
            throws InterruptedException {
        clock.advance(Duration.ofSeconds(1));
        Instant startedAt = clock.instant();
        CountDownLatch running = new CountDownLatch(1);
        Thread job = new Thread(() -> {
            try {
                freshness.track(Scope.global(), DATASET).runId(RunId.of(CRASHED_RUN)).run(() -> {
                    running.countDown();
                    new CountDownLatch(1).await();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "never-ending-job");
        job.setDaemon(true);
        job.start();
        if (!running.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the never-ending job did not start within 60 s");
        }
        if (!freshness.records().status(Scope.global(), DATASET).lastStart().map(DatasetStatus.Start::runId)
                .equals(Optional.of(RunId.of(CRASHED_RUN)))) {
            throw new IllegalStateException("the never-ending job runs, but its start is not stored");
        }
        out.println("COMMITTED STARTED * " + CRASHED_RUN + " " + startedAt);
        out.println(READY);
    }
}
