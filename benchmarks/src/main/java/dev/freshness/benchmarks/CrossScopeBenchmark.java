package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.jdbc.internal.SqlDialect;
import dev.freshness.jdbc.internal.TableNames;
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
import java.util.concurrent.TimeUnit;

/**
 * The cross-scope check of a page with no tenant selector ({@code staleScopes}) across {@link #tenants}
 * tenants, of which always {@value #STALE_TENANTS} are stale: if its cost follows the stale tenants it
 * returns, it stays flat as the tenants grow. Next to it, the raw cross-scope query it runs (hand-written,
 * prepared once).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrossScopeBenchmark {

    static final String PREFIX = "bench_scope_";
    static final int STALE_TENANTS = 10;
    private static final String PAGE = "template_queue";
    private static final Duration WARN_AFTER = Duration.ofHours(168);

    /** The database. */
    @Param({"H2_MEMORY", "POSTGRESQL"})
    public BenchDatabase database;

    /** Tenants with a status of the page's dataset. */
    @Param({"1000", "10000", "100000"})
    public int tenants;

    private final Clock clock = Clock.systemUTC();
    private HikariDataSource pool;
    private DatasetFreshness freshness;
    private Connection connection;
    private PreparedStatement rawQuery;
    private SqlDialect dialect;

    /** Fills one status per tenant, {@value #STALE_TENANTS} of them stale; prepares the raw query. */
    @Setup
    public void setUp() throws SQLException {
        pool = database.openPool(4);
        Catalog catalog = Catalog.builder()
                .dataset("templates_scraped", "Templates")
                .producer("template_scrape", "templates_scraped")
                .page(PAGE, "Template queue", Requirement.of("templates_scraped", WARN_AFTER))
                .build();
        freshness = DatasetFreshness.using(database.store(pool, PREFIX)).withClock(clock).withCatalog(catalog).build();
        String status = PREFIX + "status";
        database.truncate(pool, PREFIX + "run", status);
        dialect = SqlDialect.of(database.dialect());
        Instant now = clock.instant();
        String fill = "INSERT INTO " + status + " (scope_key, dataset_key, last_start_at, last_start_run_id,"
                + " last_success_at, last_success_run_id, last_success_records)"
                + " SELECT CONCAT('t', x), 'templates_scraped', ?, 'r', CASE WHEN MOD(x, " + (tenants / STALE_TENANTS)
                + ") = 0 THEN ? ELSE ? END, 'r', 10 FROM " + database.integers(tenants);
        try (Connection filling = pool.getConnection(); PreparedStatement insert = filling.prepareStatement(fill)) {
            dialect.bindInstant(insert, 1, now.minus(Duration.ofDays(30)));
            dialect.bindInstant(insert, 2, now.minus(Duration.ofDays(30)));
            dialect.bindInstant(insert, 3, now.minus(Duration.ofHours(1)));
            insert.executeUpdate();
        }
        database.analyze(pool, PREFIX + "run", status);

        StaleScopesPage check = freshness.staleScopes(PAGE);
        if (check.reports().size() != STALE_TENANTS) {
            throw new IllegalStateException("expected " + STALE_TENANTS + " stale tenants, found " + check.reports().size());
        }
        connection = pool.getConnection();
        PositionalSql sql = PositionalSql.of(dialect.statusesAcrossScopes(TableNames.of(PREFIX, null), 1, true, false,
                CrossScopeQuery.MAX_LIMIT));
        if (!sql.parameters().equals(List.of("d0", "before"))) {
            throw new IllegalStateException("the cross-scope query's parameters changed: " + sql.parameters());
        }
        rawQuery = connection.prepareStatement(sql.sql());
    }

    /** Closes the statement, the connection and the pool. */
    @TearDown
    public void tearDown() throws SQLException {
        rawQuery.close();
        connection.close();
        pool.close();
    }

    /** The check: every stale tenant's report, worst first. */
    @Benchmark
    public StaleScopesPage staleScopes() {
        return freshness.staleScopes(PAGE);
    }

    /** The baseline: the one cross-scope query, every column of every row read. */
    @Benchmark
    public long rawQuery() throws SQLException {
        rawQuery.setString(1, "templates_scraped");
        dialect.bindInstant(rawQuery, 2, clock.instant().minus(WARN_AFTER));
        long seen = 0;
        try (ResultSet rows = rawQuery.executeQuery()) {
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
