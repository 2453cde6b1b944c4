package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.report.FreshnessReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads on the JDBC store: the status of one dataset and the report of a page needing two datasets, against
 * the raw single query the report needs (hand-written, prepared once, every column read), with
 * {@link #historyRows} rows of run history on the very (tenant, dataset) pairs being read, so that the ratio
 * between the two sizes shows whether reading the current status depends on history.
 *
 * <p>History is filled with one set-based {@code INSERT ... SELECT} in the setup, not through the API. Each trial
 * runs on a database of its own; the raw query's connection belongs to each benchmark thread's own state, which
 * holds the trial's {@link SharedTrial} until its teardown.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadBenchmark {

    static final String PREFIX = "bench_read_";
    private static final String PAGE = "dashboard";
    private static final Scope ACME = Scope.tenant("acme");

    /** The database. */
    @Param({"H2_MEMORY", "H2_FILE", "POSTGRESQL", "MARIADB"})
    public BenchDatabase database;

    /** Rows of run history on the pairs being read, half on each. */
    @Param({"1000", "1000000"})
    public int historyRows;

    private SharedTrial shared;
    private HikariDataSource pool;
    private DatasetFreshness freshness;

    /** Makes the trial's database and fills its tables. */
    @Setup
    public void setUp() throws SQLException {
        TrialDatabase trialDatabase = database.open();
        shared = new SharedTrial(trialDatabase);
        try {
            pool = trialDatabase.openPool(4);
            Clock clock = Clock.systemUTC();
            Catalog catalog = Catalog.builder()
                    .dataset("orders", "Orders")
                    .dataset("customers", "Customers")
                    .producer("sync", "orders", "customers")
                    .page(PAGE, "Dashboard", Requirement.of("orders", Duration.ofHours(24)),
                            Requirement.of("customers", Duration.ofHours(24)))
                    .build();
            freshness = shared.add(DatasetFreshness.using(database.store(pool, PREFIX), catalog).withClock(clock).build());
            String run = PREFIX + "run";
            String status = PREFIX + "status";
            fillHistory(run, clock.instant().minus(Duration.ofHours(2)));
            for (String dataset : List.of("orders", "customers")) {
                RunId latest = RunId.of("latest-" + dataset);
                freshness.records().recordStart(ACME, dataset, latest);
                freshness.records().recordSuccess(ACME, dataset, latest, 10);
            }
            freshness.records().recordStart(ACME, "orders", RunId.of("in-flight"));
            database.analyze(pool, run, status);
        } catch (SQLException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    private void fillHistory(String run, Instant newest) throws SQLException {
        String sql = "INSERT INTO " + run + " (scope_key, dataset_key, run_id, job_name, started_at, finished_at, outcome,"
                + " records_affected, last_activity_at)"
                + " SELECT 'acme', CASE WHEN MOD(x, 2) = 0 THEN 'orders' ELSE 'customers' END, CONCAT('h-', x), 'sync', "
                + database.secondsBefore("x + 1") + ", " + database.secondsBefore("x") + ", 'SUCCEEDED', 10, "
                + database.secondsBefore("x") + " FROM " + database.integers(historyRows);
        try (Connection fill = pool.getConnection(); PreparedStatement insert = fill.prepareStatement(sql)) {
            for (int position = 1; position <= 3; position++) {
                database.bindInstant(insert, position, newest);
            }
            int inserted = insert.executeUpdate();
            if (inserted != historyRows) {
                throw new IllegalStateException("inserted " + inserted + " history rows, expected " + historyRows);
            }
        }
    }

    /** Lets go of the shared resources: the last state to do so closes them. */
    @TearDown
    public void tearDown() {
        if (shared != null) {
            shared.release();
            shared = null;
        }
    }

    /**
     * The baseline's own connection and statement, per benchmark thread: the report's one query, as the store
     * runs it, prepared once.
     */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class RawQueryThread {
        private SharedTrial shared;
        private Connection connection;
        PreparedStatement query;

        /** Takes a connection of the trial's pool and prepares the query on it. */
        @Setup
        public void setUp(ReadBenchmark benchmark) throws SQLException {
            benchmark.shared.retain();
            shared = benchmark.shared;
            try {
                PositionalSql sql = PositionalSql.of(BaselineSql.statuses(PREFIX, 1, 2));
                if (!sql.parameters().equals(List.of("s0", "d0", "d1"))) {
                    throw new IllegalStateException("the status query's parameters changed: " + sql.parameters());
                }
                connection = benchmark.pool.getConnection();
                query = connection.prepareStatement(sql.sql());
            } catch (SQLException | RuntimeException e) {
                tearDown();
                throw e;
            }
        }

        /** Closes the statement and returns the connection, then lets go of the shared resources. */
        @TearDown
        public void tearDown() throws SQLException {
            try {
                if (query != null) {
                    query.close();
                }
                if (connection != null) {
                    connection.close();
                }
            } finally {
                query = null;
                connection = null;
                if (shared != null) {
                    shared.release();
                    shared = null;
                }
            }
        }
    }

    /** The status of one dataset, runs in flight included. */
    @Benchmark
    public DatasetStatus status() {
        return freshness.records().status(ACME, "orders");
    }

    /** The report of a page needing two datasets. */
    @Benchmark
    public FreshnessReport pageReport() {
        return freshness.report(ACME, PAGE);
    }

    /** The baseline of the report: its one query, every column of every row read. */
    @Benchmark
    public long rawQuery(RawQueryThread thread) throws SQLException {
        PreparedStatement query = thread.query;
        query.setString(1, ACME.key());
        // The store binds the datasets sorted.
        query.setString(2, "customers");
        query.setString(3, "orders");
        long seen = 0;
        try (ResultSet rows = query.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = rows.getObject(column);
                    seen += value == null ? 0 : 1;
                }
            }
        }
        return seen;
    }
}
