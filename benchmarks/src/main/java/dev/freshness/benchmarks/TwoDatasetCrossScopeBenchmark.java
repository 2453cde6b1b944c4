package dev.freshness.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.Scope;
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
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The cross-scope check of a page that needs two datasets (issue 11): page {@value #PAGE} needs
 * {@value #DATASET_A} and {@value #DATASET_B}, each within {@link #WARN_AFTER}. Each of {@link #tenants} tenants
 * has a fresh status of both, except {@value #STALE_A_TENANTS} of them whose {@value #DATASET_A} is 30 days old,
 * and {@value #EMPTY_B_TENANTS} others that never ran {@value #DATASET_B}: they only have the empty status the
 * library creates for the other datasets a page needs together with a tracked one ({@code createStatusesIfAbsent}:
 * a row with every {@code last_*} column NULL). The same 15 tenants are stale at every size, so a check whose cost
 * follows the scopes it returns stays flat from 1,000 to 100,000 tenants.
 *
 * <p>Measured in the same run: {@code staleScopes(page)} walking every page of {@value #REPORTS_PER_PAGE} reports,
 * {@code isAnyScopeStale(page)}, and, as the baseline, the raw cross-scope query the check runs (hand-written,
 * prepared once on each benchmark thread's own connection, every page of it read with the store's cursor, every
 * column of every row). The statuses are written by set-based {@code INSERT ... SELECT}s; the setup checks that
 * the empty rows are what the library itself stores, by tracking one run through the real wrapper for a probe
 * tenant and comparing its rows, then removing the probe.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwoDatasetCrossScopeBenchmark {

    static final String PREFIX = "bench_pair_";
    static final String PAGE = "two_dataset_page";
    static final String DATASET_A = "dataset_a";
    static final String DATASET_B = "dataset_b";
    static final Duration WARN_AFTER = Duration.ofHours(24);
    /** Tenants with a stale {@value #DATASET_A}, at every size: {@code x % (tenants / 10) == 0}. */
    static final int STALE_A_TENANTS = 10;
    /** Tenants that never ran {@value #DATASET_B}, at every size: {@code x % (tenants / 5) == 1}. */
    static final int EMPTY_B_TENANTS = 5;
    /** The page size of {@code staleScopes}, the library's default. */
    static final int REPORTS_PER_PAGE = DatasetFreshness.DEFAULT_STALE_SCOPES_PAGE_SIZE;
    private static final String PROBE = "probe";

    /** The database. */
    @Param({"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    public BenchDatabase database;

    /** Tenants, each with a status of both datasets. */
    @Param({"1000", "10000", "100000"})
    public int tenants;

    private final Clock clock = Clock.systemUTC();
    private SharedTrial shared;
    private HikariDataSource pool;
    private DatasetFreshness freshness;

    /** Makes the trial's database, fills the statuses and checks what the check and the raw query find. */
    @Setup
    public void setUp() throws SQLException {
        TrialDatabase trialDatabase = database.open();
        shared = new SharedTrial(trialDatabase);
        try {
            pool = trialDatabase.openPool(4);
            Catalog catalog = Catalog.builder()
                    .dataset(DATASET_A, "Dataset A")
                    .dataset(DATASET_B, "Dataset B")
                    .producer("sync_a", DATASET_A)
                    .producer("sync_b", DATASET_B)
                    .page(PAGE, "A page of two datasets", Requirement.of(DATASET_A, WARN_AFTER),
                            Requirement.of(DATASET_B, WARN_AFTER))
                    .build();
            freshness = shared.add(DatasetFreshness.using(database.store(pool, PREFIX), catalog).withClock(clock).build());
            checkEmptyStatusIsTheLibrarys();
            fill(clock.instant());
            database.analyze(pool, PREFIX + "status", PREFIX + "run");
            checkWhatIsFound();
        } catch (SQLException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /** Tenants with a stale {@value #DATASET_A}. */
    int staleATenants() {
        return STALE_A_TENANTS;
    }

    /** Tenants with only the empty status of {@value #DATASET_B}. */
    int emptyBTenants() {
        return EMPTY_B_TENANTS;
    }

    private void fill(Instant now) throws SQLException {
        String status = PREFIX + "status";
        String columns = " (scope_key, dataset_key, last_start_at, last_start_run_id, last_success_at,"
                + " last_success_run_id, last_success_records)";
        String staleA = "MOD(x, " + tenants / STALE_A_TENANTS + ") = 0";
        String emptyB = "MOD(x, " + tenants / EMPTY_B_TENANTS + ") = 1";
        Instant fresh = now.minus(Duration.ofHours(1));
        Instant old = now.minus(Duration.ofDays(30));
        try (Connection filling = pool.getConnection()) {
            String a = "INSERT INTO " + status + columns + " SELECT CONCAT('t', x), '" + DATASET_A + "',"
                    + " CASE WHEN " + staleA + " THEN ? ELSE ? END, 'r', CASE WHEN " + staleA + " THEN ? ELSE ? END, 'r', 10"
                    + " FROM " + database.integers(tenants);
            try (PreparedStatement insert = filling.prepareStatement(a)) {
                database.bindInstant(insert, 1, old);
                database.bindInstant(insert, 2, fresh);
                database.bindInstant(insert, 3, old);
                database.bindInstant(insert, 4, fresh);
                expect(insert.executeUpdate(), tenants, DATASET_A);
            }
            String b = "INSERT INTO " + status + columns + " SELECT CONCAT('t', x), '" + DATASET_B + "', ?, 'r', ?, 'r', 10"
                    + " FROM " + database.integers(tenants) + " WHERE NOT (" + emptyB + ")";
            try (PreparedStatement insert = filling.prepareStatement(b)) {
                database.bindInstant(insert, 1, fresh);
                database.bindInstant(insert, 2, fresh);
                expect(insert.executeUpdate(), tenants - emptyBTenants(), DATASET_B);
            }
            // What createStatusesIfAbsent inserts: the key and nothing else.
            String emptyStatuses = "INSERT INTO " + status + " (scope_key, dataset_key) SELECT CONCAT('t', x), '"
                    + DATASET_B + "' FROM " + database.integers(tenants) + " WHERE " + emptyB;
            try (PreparedStatement insert = filling.prepareStatement(emptyStatuses)) {
                expect(insert.executeUpdate(), emptyBTenants(), "empty " + DATASET_B);
            }
        }
    }

    private static void expect(int inserted, int expected, String what) {
        if (inserted != expected) {
            throw new IllegalStateException("inserted " + inserted + " statuses of " + what + ", expected " + expected);
        }
    }

    /**
     * Tracks one run of {@value #DATASET_A} for a probe tenant through the wrapper, so that the library creates the
     * empty status of {@value #DATASET_B} the page needs with it, and checks that it is exactly the row
     * {@link #fill} inserts for a tenant that never ran {@value #DATASET_B}; then removes the probe.
     */
    private void checkEmptyStatusIsTheLibrarys() throws SQLException {
        freshness.track(Scope.tenant(PROBE), DATASET_A).call(run -> {
            run.recordsAffected(10);
            return 10;
        });
        String status = PREFIX + "status";
        try (Connection connection = pool.getConnection()) {
            Map<String, Object> library = row(connection, status, PROBE, DATASET_B)
                    .orElseThrow(() -> new IllegalStateException("the library created no status of " + DATASET_B
                            + " for a tenant tracked on " + DATASET_A + "; the cross-scope check cannot see it missing"));
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + status + " (scope_key, dataset_key) VALUES ('hand', '" + DATASET_B + "')")) {
                insert.executeUpdate();
            }
            Map<String, Object> handWritten = row(connection, status, "hand", DATASET_B).orElseThrow();
            library.remove("scope_key");
            handWritten.remove("scope_key");
            if (!library.equals(handWritten)) {
                throw new IllegalStateException("the empty status the library stores, " + library
                        + ", is not the row this benchmark inserts, " + handWritten);
            }
            for (String delete : List.of("DELETE FROM " + status + " WHERE scope_key IN ('" + PROBE + "', 'hand')",
                    "DELETE FROM " + PREFIX + "run WHERE scope_key = '" + PROBE + "'")) {
                try (PreparedStatement statement = connection.prepareStatement(delete)) {
                    statement.executeUpdate();
                }
            }
        }
    }

    /** Every column of one status row, by lower-case name, or empty when there is none. */
    private static Optional<Map<String, Object>> row(Connection connection, String table, String scope, String dataset)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM " + table + " WHERE scope_key = ? AND dataset_key = ?")) {
            select.setString(1, scope);
            select.setString(2, dataset);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                ResultSetMetaData meta = rows.getMetaData();
                Map<String, Object> values = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    values.put(meta.getColumnLabel(column).toLowerCase(Locale.ROOT), rows.getObject(column));
                }
                return Optional.of(values);
            }
        }
    }

    private void checkWhatIsFound() throws SQLException {
        int expected = staleATenants() + emptyBTenants();
        long found = staleScopesAllPages();
        if (found != expected) {
            throw new IllegalStateException("staleScopes found " + found + " stale tenants, expected " + expected + " ("
                    + staleATenants() + " with a stale " + DATASET_A + ", " + emptyBTenants() + " never ran " + DATASET_B + ")");
        }
        if (!isAnyScopeStale()) {
            throw new IllegalStateException("isAnyScopeStale found no stale tenant, expected " + expected);
        }
        RawQueryThread raw = new RawQueryThread();
        raw.setUp(this);
        try {
            long rows = rawQuery(raw);
            if (rows != expected) {
                throw new IllegalStateException("the raw cross-scope query read " + rows + " statuses, expected " + expected);
            }
        } finally {
            raw.tearDown();
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
        public void setUp(TwoDatasetCrossScopeBenchmark benchmark) throws SQLException {
            benchmark.shared.retain();
            shared = benchmark.shared;
            try {
                PositionalSql sql = PositionalSql.of(BaselineSql.statusesSucceededBefore(benchmark.database, PREFIX, 2));
                if (!Set.copyOf(sql.parameters()).equals(Set.of("d0", "d1", "before", "afterScope", "afterDataset",
                        "limit"))) {
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

    /** The check, every page of it: every stale tenant's report, worst first; returns how many. */
    @Benchmark
    public long staleScopesAllPages() {
        StaleScopesPage page = freshness.staleScopes(PAGE);
        long reports = page.reports().size();
        while (page.nextPage().isPresent()) {
            page = freshness.staleScopes(PAGE, page.nextPage().get(), REPORTS_PER_PAGE);
            reports += page.reports().size();
        }
        return reports;
    }

    /** Whether any tenant is stale for the page. */
    @Benchmark
    public boolean isAnyScopeStale() {
        return freshness.isAnyScopeStale(PAGE);
    }

    /**
     * The baseline: the cross-scope query of the page's two datasets, every page of it as the store asks for them
     * ({@link CrossScopeQuery#MAX_LIMIT} statuses per page, the next page after the last (scope, dataset) read),
     * every column of every row read; returns the rows read.
     */
    @Benchmark
    public long rawQuery(RawQueryThread thread) throws SQLException {
        PreparedStatement query = thread.query;
        Instant before = clock.instant().minus(WARN_AFTER);
        String afterScope = "";
        String afterDataset = "";
        long rowsRead = 0;
        while (true) {
            for (int i = 0; i < thread.parameters.size(); i++) {
                int position = i + 1;
                switch (thread.parameters.get(i)) {
                    case "d0" -> query.setString(position, DATASET_A);
                    case "d1" -> query.setString(position, DATASET_B);
                    case "before" -> database.bindInstant(query, position, before);
                    case "afterScope" -> query.setString(position, afterScope);
                    case "afterDataset" -> query.setString(position, afterDataset);
                    case "limit" -> query.setInt(position, CrossScopeQuery.MAX_LIMIT);
                    default -> throw new IllegalStateException("unknown parameter " + thread.parameters.get(i));
                }
            }
            int pageRows = 0;
            try (ResultSet rows = query.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    // scope_key and dataset_key come first: the cursor of the next page.
                    afterScope = rows.getString(1);
                    afterDataset = rows.getString(2);
                    for (int column = 3; column <= columns; column++) {
                        rows.getObject(column);
                    }
                    pageRows++;
                }
            }
            rowsRead += pageRows;
            if (pageRows < CrossScopeQuery.MAX_LIMIT) {
                return rowsRead;
            }
        }
    }
}
