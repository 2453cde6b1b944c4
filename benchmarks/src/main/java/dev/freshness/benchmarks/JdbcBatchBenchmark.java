package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.JdbcFreshnessStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run over {@link #tenants} tenants (the reference system's cross-tenant approval job) recording a success
 * for each, through the JDBC store's {@code applyAll}, against a hand-written JDBC batch of the same upserts
 * ({@link HandWrittenBatch}: the store's SQL for a success, status and history, in JDBC batches of the store's
 * chunk size, a transaction per chunk). Each invocation is a new run over the same tenants, so after the first
 * one every status row is updated and every history row is new, as in a real job's daily run.
 *
 * <p>Each trial runs on a database of its own, with one thread: the store's pool and the baseline's connection
 * are its own.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JdbcBatchBenchmark {

    static final String PREFIX = "bench_batch_";
    static final String DATASET = "template_approvals";
    private static final DatasetKey DATASET_KEY = DatasetKey.of(DATASET);

    /** The database. */
    @Param({"POSTGRESQL", "MARIADB"})
    public BenchDatabase database;

    /** Tenants the run touched: one success event each. */
    @Param({"10000"})
    public int tenants;

    private final Clock clock = Clock.systemUTC();
    private TrialDatabase trialDatabase;
    private HikariDataSource pool;
    private JdbcFreshnessStore store;
    private HandWrittenBatch handWritten;
    private List<Scope> scopes;
    private List<String> scopeKeys;
    private long runs;

    /** Makes the trial's database, the store's pool and tables and the baseline's statements; settles the disk. */
    @Setup
    public void setUp() throws SQLException {
        trialDatabase = database.open();
        try {
            pool = trialDatabase.openPool(2);
            store = database.store(pool, PREFIX);
            handWritten = new HandWrittenBatch(pool.getConnection(), database, PREFIX);
            scopes = new ArrayList<>(tenants);
            scopeKeys = new ArrayList<>(tenants);
            for (int i = 0; i < tenants; i++) {
                // Zero-padded, so that the list is in the order the store sorts it into.
                String tenant = String.format("tenant-%07d", i);
                scopes.add(Scope.tenant(tenant));
                scopeKeys.add(tenant);
            }
            trialDatabase.settle();
        } catch (SQLException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /** Closes the baseline's connection, then the pool, then drops the trial's database. */
    @TearDown
    public void tearDown() throws SQLException {
        try (TrialDatabase closing = trialDatabase) {
            if (handWritten != null) {
                handWritten.close();
            }
        } finally {
            handWritten = null;
            trialDatabase = null;
        }
    }

    /** The store: the run's successes in one {@code applyAll}. */
    @Benchmark
    public long store() {
        RunId runId = RunId.of("store-run-" + ++runs);
        Instant at = clock.instant();
        List<RunEvent> events = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            events.add(new RunEvent.Succeeded(scopes.get(i), DATASET_KEY, runId, at, i));
        }
        store.applyAll(events);
        return runs;
    }

    /** The baseline: the same upserts as a hand-written JDBC batch. */
    @Benchmark
    public long handWritten() throws SQLException {
        handWritten.succeeded(scopeKeys, DATASET, "hand-run-" + ++runs, clock.instant());
        return runs;
    }
}
