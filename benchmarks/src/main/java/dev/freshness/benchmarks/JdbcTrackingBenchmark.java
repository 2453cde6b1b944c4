package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tracked run (a start, then a success with a count) through the JDBC store's public API, against
 * hand-written JDBC running the same SQL text with statements prepared once ({@link HandWrittenEvents}); on one
 * thread (time per run) and on four (runs per second, each thread its own tenant and connection).
 *
 * <p>Each trial runs on a database of its own. The baseline's thread states hold pooled connections until their
 * own teardown, so the pool, the {@code DatasetFreshness} and the database are a {@link SharedTrial}: closed by
 * the last state to let go of them, not by the benchmark state's teardown while another thread still holds a
 * connection (JMH runs that teardown on whichever thread gets there first).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcTrackingBenchmark {

    static final String PREFIX = "bench_event_";
    static final String DATASET = "orders";

    /** One dataset that no page needs together with another, so an event writes nothing else. */
    static final Catalog CATALOG = Catalog.builder()
            .dataset(DATASET, "Orders")
            .producer("sync", DATASET)
            .build();

    /** The database. */
    @Param({"H2_MEMORY", "H2_FILE", "POSTGRESQL", "MARIADB"})
    public BenchDatabase database;

    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger threads = new AtomicInteger();
    private SharedTrial shared;
    private HikariDataSource pool;
    private DatasetFreshness freshness;

    /** Makes the trial's database, opens the pool, creates the tables and settles the disk. */
    @Setup
    public void setUp() {
        TrialDatabase trialDatabase = database.open();
        shared = new SharedTrial(trialDatabase);
        try {
            pool = trialDatabase.openPool(10);
            freshness = shared.add(DatasetFreshness.using(database.store(pool, PREFIX), CATALOG).withClock(clock).build());
            trialDatabase.settle();
        } catch (RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /**
     * Lets go of the shared resources: closed now (the {@code DatasetFreshness}, then the pool, then the database)
     * unless a baseline thread still holds its connection, whose own teardown then closes them.
     */
    @TearDown
    public void tearDown() {
        if (shared != null) {
            shared.release();
            shared = null;
        }
    }

    /** What one benchmark thread of the store needs: its own tenant and run ids. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class StoreThread {
        Scope scope;
        String runPrefix;
        long runs;

        /** Takes the next tenant. */
        @Setup
        public void setUp(JdbcTrackingBenchmark benchmark) {
            String tenant = "store-" + benchmark.threads.incrementAndGet();
            scope = Scope.tenant(tenant);
            runPrefix = tenant + "-run-";
        }
    }

    /**
     * What one benchmark thread of the baseline needs: its tenant, its connection and its statements. It holds
     * the trial's shared resources from its setup to its teardown.
     */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class HandWrittenThread {
        String tenant;
        String runPrefix;
        long runs;
        HandWrittenEvents events;
        private SharedTrial shared;

        /** Takes the next tenant and a connection of its own, and prepares the statements. */
        @Setup
        public void setUp(JdbcTrackingBenchmark benchmark) throws SQLException {
            tenant = "hand-" + benchmark.threads.incrementAndGet();
            runPrefix = tenant + "-run-";
            benchmark.shared.retain();
            shared = benchmark.shared;
            try {
                events = new HandWrittenEvents(benchmark.pool.getConnection(), benchmark.database, PREFIX);
            } catch (SQLException | RuntimeException e) {
                tearDown();
                throw e;
            }
        }

        /** Returns the connection, then lets go of the shared resources (closing them if it is the last). */
        @TearDown
        public void tearDown() throws SQLException {
            try {
                if (events != null) {
                    events.close();
                    events = null;
                }
            } finally {
                if (shared != null) {
                    shared.release();
                    shared = null;
                }
            }
        }
    }

    private long storeRun(StoreThread thread) {
        RunId runId = RunId.of(thread.runPrefix + ++thread.runs);
        freshness.records().recordStart(thread.scope, DATASET, runId);
        freshness.records().recordSuccess(thread.scope, DATASET, runId, 10);
        return thread.runs;
    }

    private long handWrittenRun(HandWrittenThread thread) throws SQLException {
        String runId = thread.runPrefix + ++thread.runs;
        thread.events.start(thread.tenant, DATASET, runId, clock.instant());
        thread.events.success(thread.tenant, DATASET, runId, clock.instant(), 10);
        return thread.runs;
    }

    /** The store, one thread: time per tracked run. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Threads(1)
    public long store(StoreThread thread) {
        return storeRun(thread);
    }

    /** The baseline, one thread: time per run. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Threads(1)
    public long handWritten(HandWrittenThread thread) throws SQLException {
        return handWrittenRun(thread);
    }

    /** The store, four threads: tracked runs per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(4)
    public long store4Threads(StoreThread thread) {
        return storeRun(thread);
    }

    /** The baseline, four threads: runs per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(4)
    public long handWritten4Threads(HandWrittenThread thread) throws SQLException {
        return handWrittenRun(thread);
    }
}
