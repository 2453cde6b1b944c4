package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.spi.CrossScopeQuery;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The cross-scope check of a page with no tenant selector ({@code staleScopes}) across {@link #tenants}
 * tenants, of which always {@value #STALE_TENANTS} are stale: if its cost follows the stale tenants it
 * returns, it stays flat as the tenants grow. Next to it, the raw cross-scope query it runs (hand-written,
 * prepared once, on each benchmark thread's own connection).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrossScopeBenchmark {

    static final String PREFIX = "bench_scope_";
    static final int STALE_TENANTS = 10;
    private static final String PAGE = "template_queue";
    private static final String DATASET = "templates_scraped";
    private static final Duration WARN_AFTER = Duration.ofHours(168);

    /** The database. */
    @Param({"H2_MEMORY", "POSTGRESQL"})
    public BenchDatabase database;

    /** Tenants with a status of the page's dataset. */
    @Param({"1000", "10000", "100000"})
    public int tenants;

    private final Clock clock = Clock.systemUTC();
    private SharedTrial shared;
    private HikariDataSource pool;
    private DatasetFreshness freshness;

    /** Makes the trial's database and fills one status per tenant, {@value #STALE_TENANTS} of them stale. */
    @Setup
    public void setUp() throws SQLException {
        TrialDatabase trialDatabase = database.open();
        shared = new SharedTrial(trialDatabase);
        try {
            pool = trialDatabase.openPool(4);
            Catalog catalog = Catalog.builder()
                    .dataset(DATASET, "Templates")
                    .producer("template_scrape", DATASET)
                    .page(PAGE, "Template queue", Requirement.of(DATASET, WARN_AFTER))
                    .build();
            freshness = shared.add(DatasetFreshness.using(database.store(pool, PREFIX), catalog).withClock(clock).build());
            String status = PREFIX + "status";
            Instant now = clock.instant();
            String fill = "INSERT INTO " + status + " (scope_key, dataset_key, last_start_at, last_start_run_id,"
                    + " last_success_at, last_success_run_id, last_success_records)"
                    + " SELECT CONCAT('t', x), '" + DATASET + "', ?, 'r', CASE WHEN MOD(x, " + (tenants / STALE_TENANTS)
                    + ") = 0 THEN ? ELSE ? END, 'r', 10 FROM " + database.integers(tenants);
            try (Connection filling = pool.getConnection(); PreparedStatement insert = filling.prepareStatement(fill)) {
                database.bindInstant(insert, 1, now.minus(Duration.ofDays(30)));
                database.bindInstant(insert, 2, now.minus(Duration.ofDays(30)));
                database.bindInstant(insert, 3, now.minus(Duration.ofHours(1)));
                insert.executeUpdate();
            }
            database.analyze(pool, PREFIX + "run", status);

            StaleScopesPage check = freshness.staleScopes(PAGE);
            if (check.reports().size() != STALE_TENANTS) {
                throw new IllegalStateException("expected " + STALE_TENANTS + " stale tenants, found " + check.reports().size());
            }
        } catch (SQLException | RuntimeException e) {
            tearDown();
            throw e;
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

    /** The baseline's own connection and statement, per benchmark thread: the cross-scope query, prepared once. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class RawQueryThread {
        private SharedTrial shared;
        private Connection connection;
        PreparedStatement query;
        List<String> parameters;

        /** Takes a connection of the trial's pool and prepares the query on it. */
        @Setup
        public void setUp(CrossScopeBenchmark benchmark) throws SQLException {
            benchmark.shared.retain();
            shared = benchmark.shared;
            try {
                PositionalSql sql = PositionalSql.of(BaselineSql.statusesSucceededBefore(benchmark.database, PREFIX, 1));
                if (!Set.copyOf(sql.parameters()).equals(Set.of("d0", "before", "afterScope", "afterDataset", "limit"))) {
                    throw new IllegalStateException("the cross-scope query's parameters changed: " + sql.parameters());
                }
                parameters = sql.parameters();
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

    /** The check: every stale tenant's report, worst first. */
    @Benchmark
    public StaleScopesPage staleScopes() {
        return freshness.staleScopes(PAGE);
    }

    /** The baseline: the one cross-scope query (its first page, as the store asks for it), every column of every row read. */
    @Benchmark
    public long rawQuery(RawQueryThread thread) throws SQLException {
        PreparedStatement query = thread.query;
        for (int i = 0; i < thread.parameters.size(); i++) {
            int position = i + 1;
            switch (thread.parameters.get(i)) {
                case "d0" -> query.setString(position, DATASET);
                case "before" -> database.bindInstant(query, position, clock.instant().minus(WARN_AFTER));
                case "afterScope", "afterDataset" -> query.setString(position, "");
                case "limit" -> query.setInt(position, CrossScopeQuery.MAX_LIMIT);
                default -> throw new IllegalStateException("unknown parameter " + thread.parameters.get(i));
            }
        }
        long seen = 0;
        try (ResultSet rows = query.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    seen += rows.getObject(column) == null ? 0 : 1;
                }
            }
        }
        return seen;
    }
}
