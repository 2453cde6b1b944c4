package dev.freshness.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.jdbc.internal.Statements;
import dev.freshness.jdbc.internal.TableNames;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL the reads keep their plan on a pooled connection that runs them again and again. pgjdbc prepares a
 * statement on the server from its fifth execution on a connection, and PostgreSQL may then plan it once without
 * its values: for a cross-scope read of a healthy dataset that plan walks the whole primary key. The statuses are
 * 10^4 tenants x 10 datasets (10^5 rows, filled in a few seconds), where the two plans differ; what is asserted is
 * what PostgreSQL reports of the statements on the one connection of the pool ({@code pg_prepared_statements} and
 * the generic plan itself), not durations, which a loaded machine would make flaky.
 */
class PostgresPreparedPlansTest {

    private static final int TENANTS = 10_000;
    private static final int EXECUTIONS = 20;
    private static final String PREFIX = "plans_";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final OpenDatabases DATABASES = new OpenDatabases();
    private static OpenDatabase database;
    private static HikariDataSource oneConnection;
    private static JdbcFreshnessStore store;

    @BeforeAll
    static void tenThousandTenants() {
        database = DATABASES.of(DatabaseSetup.POSTGRESQL);
        database.emptyStore(PREFIX);
        // Every status succeeded an hour ago but those of 1% of the tenants for one dataset, 30 days ago.
        database.execute("""
                INSERT INTO plans_status (scope_key, dataset_key, last_success_at, last_success_run_id,
                                          last_success_records)
                SELECT 'tenant-' || lpad(t::text, 6, '0'), 'dataset_' || d,
                       CASE WHEN t %% 100 = 0 AND d = t / 100 %% 10 THEN TIMESTAMPTZ '2026-01-30 12:00:00+00'
                            ELSE TIMESTAMPTZ '2026-03-01 11:00:00+00' END,
                       'run-' || t, 1
                FROM generate_series(1, %d) t, generate_series(0, 9) d
                """.formatted(TENANTS), "VACUUM ANALYZE plans_status");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setMaximumPoolSize(1);
        config.setPoolName("test-plans-" + OpenDatabase.randomName());
        oneConnection = new HikariDataSource(config);
        store = JdbcFreshnessStore.using(oneConnection).withTablePrefix(PREFIX).build();
    }

    @AfterAll
    static void dropTheDatabase() {
        if (oneConnection != null) {
            oneConnection.close();
        }
        DATABASES.close();
    }

    @Test
    void aCrossScopeReadIsPlannedWithItsValuesAtEveryExecution() throws SQLException {
        CrossScopeQuery stale = CrossScopeQuery.of(Set.of(DatasetKey.of("dataset_3")))
                .lastSucceededBefore(NOW.minusSeconds(86_400)).limit(100);
        CrossScopeQuery everyDataset = CrossScopeQuery.of(datasets()).limit(100);

        for (int i = 0; i < EXECUTIONS; i++) {
            assertThat(store.statusesAcrossScopes(stale).statuses()).as("tenants 300, 1300, ... 9300").hasSize(10);
            assertThat(store.statusesAcrossScopes(everyDataset).statuses()).hasSize(100);
        }

        assertThat(preparedOnTheServer()).as("statements prepared on the server of the pool's one connection")
                .noneMatch(statement -> statement.contains("ORDER BY s.scope_key, s.dataset_key"));
    }

    @Test
    void aReportKeepsTheSamePlanOncePreparedOnTheServer() throws SQLException {
        Set<DatasetKey> datasets = datasets();

        for (int i = 0; i < EXECUTIONS; i++) {
            assertThat(store.statuses(Set.of(Scope.tenant("tenant-000042")), datasets)).hasSize(10);
        }

        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement()) {
            String name = null;
            try (ResultSet rows = statement.executeQuery("SELECT name FROM pg_prepared_statements "
                    + "WHERE statement LIKE '%FROM plans_status s%' AND statement LIKE '%scope_key IN%'")) {
                if (rows.next()) {
                    name = rows.getString(1);
                }
            }
            assertThat(name).as("pgjdbc prepares the report on the server after five executions").isNotNull();
            statement.execute("SET plan_cache_mode = force_generic_plan");
            List<String> plan = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE \"" + name
                    + "\"('tenant-000042', 'dataset_0', 'dataset_1', 'dataset_2', 'dataset_3', 'dataset_4', 'dataset_5',"
                    + " 'dataset_6', 'dataset_7', 'dataset_8', 'dataset_9')")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            } finally {
                statement.execute("RESET plan_cache_mode");
            }
            assertThat(String.join("\n", plan)).as("the plan made without the values")
                    .contains("plans_status_pk").doesNotContain("Seq Scan on plans_status");
        }
    }

    @Test
    void aPageDeepInTheWalkReadsAboutAsManyBuffersAsTheFirst() throws SQLException {
        CrossScopeQuery walk = CrossScopeQuery.of(datasets()).limit(500);
        StatusPage page = store.statusesAcrossScopes(walk);
        PageCursor cursor = null;
        for (int i = 1; i < 51; i++) {
            cursor = page.nextPage().orElseThrow();
            page = store.statusesAcrossScopes(walk.after(cursor));
        }
        assertThat(page.statuses()).hasSize(500);
        assertThat(page.statuses().get(0).scope().key()).isEqualTo("tenant-002501");

        // Buffers do not depend on the machine's load: page 51 (after 25,000 of 100,000 statuses) reads its own
        // rows, where a scan from the first key read the 25,000 before them too (about 50 times the first page).
        long first = buffersOfThePageAfter("", "");
        long fiftyFirst = buffersOfThePageAfter(cursor.scopeKey(), cursor.datasetKey());
        assertThat(fiftyFirst).as("buffers of page 51, against %d of page 1", first).isLessThanOrEqualTo(2 * first);
    }

    @Test
    void aPageOfTheStaleWalkFindsItsKeysInTheIndexOnTheLastSuccessAlone() throws SQLException {
        CrossScopeQuery walk = CrossScopeQuery.of(datasets()).lastSucceededBefore(NOW.minusSeconds(86_400)).limit(10);
        List<String> stale = new ArrayList<>();
        List<PageCursor> cursors = new ArrayList<>();
        StatusPage page = store.statusesAcrossScopes(walk);
        while (true) {
            page.statuses().forEach(status -> stale.add(status.scope().key() + "/" + status.dataset().value()));
            if (page.nextPage().isEmpty()) {
                break;
            }
            cursors.add(page.nextPage().orElseThrow());
            page = store.statusesAcrossScopes(walk.after(cursors.get(cursors.size() - 1)));
        }
        List<String> expected = new ArrayList<>();
        for (int t = 100; t <= TENANTS; t += 100) {
            expected.add("tenant-" + String.format("%06d", t) + "/dataset_" + t / 100 % 10);
        }
        assertThat(stale).as("the 100 stale statuses in (scope, dataset) order").isEqualTo(expected);

        // The stale statuses' keys come from the index on (dataset, last success, scope), and only the page's rows
        // from the table: no walk of the primary key that keeps 1 status in 1,000. The cursor is a condition of that
        // index, so the stale entries before it are skipped inside the index, never checked against the table nor
        // sorted. What a page reads: one range of that index per dataset, and 10 rows by primary key with their
        // runs in flight; ~160 buffers here, whatever the page's depth.
        PageCursor middle = cursors.get(4);
        String plan = staleWalkPlan(middle.scopeKey(), middle.datasetKey());
        assertThat(plan)
                .contains("\"Node Type\": \"Index Only Scan\"", "\"Index Name\": \"plans_status_stale_walk\"")
                .doesNotContain("Seq Scan");
        assertThat(plan).as("the cursor, a condition of the index, in %s", plan)
                .containsPattern("\"Index Cond\": \"[^\"]*ROW\\(scope_key, dataset_key\\) > ROW\\('"
                        + middle.scopeKey());
        assertThat(plan).as("no stale entry before the cursor read from the index and filtered out, in %s", plan)
                .doesNotContain("Rows Removed by Filter");
        long buffers = jsonNumber(plan, "Shared Hit Blocks") + jsonNumber(plan, "Shared Read Blocks");
        assertThat(buffers).as("buffers of page 6 of the stale walk, 10 statuses, in %s", plan).isLessThan(250);
    }

    @Test
    void aCrossScopePageReadsTheRunsInFlightOfItsOwnStatusesOnly() throws SQLException {
        // 2,000 runs in flight whose keys come before every page's, which the planner's statistics do not count (they
        // were gathered while those runs were finished, as on a big history that autovacuum seldom analyzes): a merge
        // join would read the index of the runs in flight from its first key to the page's last, all 2,000.
        database.execute("""
                INSERT INTO plans_run (scope_key, dataset_key, run_id, started_at, finished_at, outcome,
                                       last_activity_at)
                SELECT 'early-' || lpad(r::text, 4, '0'), 'dataset_0', 'run-' || r,
                       TIMESTAMPTZ '2026-03-01 10:00:00+00', TIMESTAMPTZ '2026-03-01 10:00:00+00', 'SUCCEEDED',
                       TIMESTAMPTZ '2026-03-01 10:00:00+00'
                FROM generate_series(1, 2000) r
                """, "ANALYZE plans_run",
                "UPDATE plans_run SET finished_at = NULL, outcome = NULL WHERE scope_key LIKE 'early-%'");
        try {
            String plan = staleWalkPlan("", "", 100);

            assertThat(lookupsOfTheRunsInFlight(plan)).as("one per status of the page, in %s", plan).isEqualTo(100);
            // The page's 100 stale statuses: ~4 buffers each by primary key, ~2 each for their runs in flight.
            long buffers = jsonNumber(plan, "Shared Hit Blocks") + jsonNumber(plan, "Shared Read Blocks");
            assertThat(buffers).as("buffers of a page of 100 stale statuses after 2,000 runs in flight, in %s", plan)
                    .isLessThan(1_000);
            String unfiltered = unfilteredWalkPlan("tenant-005000", "dataset_0", 100);
            assertThat(lookupsOfTheRunsInFlight(unfiltered))
                    .as("one per status of the unfiltered page, in %s", unfiltered).isEqualTo(100);
        } finally {
            database.execute("DELETE FROM plans_run WHERE scope_key LIKE 'early-%'", "ANALYZE plans_run");
        }
    }

    /** How many times the plan scanned the index of the runs in flight. */
    private static int lookupsOfTheRunsInFlight(String plan) {
        Matcher inFlight = Pattern
                .compile("\"Index Name\": \"plans_run_in_flight\"[^}]*?\"Actual Loops\": (\\d+)").matcher(plan);
        assertThat(inFlight.find()).as("a scan of the index of the runs in flight in %s", plan).isTrue();
        return Integer.parseInt(inFlight.group(1));
    }

    /** The plan, as JSON, of the store's unfiltered walk of every dataset, {@code limit} after the cursor. */
    private static String unfilteredWalkPlan(String scope, String dataset, int limit) throws SQLException {
        String sql = Statements.of(Dialect.POSTGRESQL.sql(), TableNames.of(PREFIX, null)).statusesAcrossScopes(10, false);
        for (int d = 9; d >= 0; d--) {
            sql = sql.replace(":" + Statements.datasetParameter(d), "'dataset_" + d + "'");
        }
        sql = sql.replace(":afterScope", "'" + scope + "'").replace(":afterDataset", "'" + dataset + "'")
                .replace(":limit", String.valueOf(limit));
        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
            plan.next();
            return plan.getString(1);
        }
    }

    /** The plan, as JSON, of the store's stale walk of every dataset, 10 after the cursor, run by EXPLAIN ANALYZE. */
    private static String staleWalkPlan(String scope, String dataset) throws SQLException {
        return staleWalkPlan(scope, dataset, 10);
    }

    /** The plan, as JSON, of the store's stale walk of every dataset, {@code limit} after the cursor. */
    private static String staleWalkPlan(String scope, String dataset, int limit) throws SQLException {
        String sql = Statements.of(Dialect.POSTGRESQL.sql(), TableNames.of(PREFIX, null)).statusesAcrossScopes(10, true);
        for (int d = 9; d >= 0; d--) {
            sql = sql.replace(":" + Statements.datasetParameter(d), "'dataset_" + d + "'");
        }
        sql = sql.replace(":afterScope", "'" + scope + "'").replace(":afterDataset", "'" + dataset + "'")
                .replace(":limit", String.valueOf(limit)).replace(":before", "TIMESTAMPTZ '2026-02-28 12:00:00+00'");
        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
            plan.next();
            return plan.getString(1);
        }
    }

    private static Set<DatasetKey> datasets() {
        Set<DatasetKey> datasets = new HashSet<>();
        for (int d = 0; d < 10; d++) {
            datasets.add(DatasetKey.of("dataset_" + d));
        }
        return datasets;
    }

    /** The shared buffers (hit or read) of the store's cross-scope read of every dataset, 500 after the cursor. */
    private static long buffersOfThePageAfter(String scope, String dataset) throws SQLException {
        String sql = Statements.of(Dialect.POSTGRESQL.sql(), TableNames.of(PREFIX, null)).statusesAcrossScopes(10, false);
        for (int d = 9; d >= 0; d--) {
            sql = sql.replace(":" + Statements.datasetParameter(d), "'dataset_" + d + "'");
        }
        sql = sql.replace(":afterScope", "'" + scope + "'").replace(":afterDataset", "'" + dataset + "'")
                .replace(":limit", "500");
        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
            plan.next();
            String json = plan.getString(1);
            return jsonNumber(json, "Shared Hit Blocks") + jsonNumber(json, "Shared Read Blocks");
        }
    }

    /** The first number named {@code field} in {@code json}: the top node's, which counts its children's too. */
    private static long jsonNumber(String json, String field) {
        Matcher number = Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
        assertThat(number.find()).as("%s in %s", field, json).isTrue();
        return Long.parseLong(number.group(1));
    }

    /** The text of every statement prepared on the server of the pool's one connection. */
    private static List<String> preparedOnTheServer() throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT statement FROM pg_prepared_statements")) {
            while (rows.next()) {
                statements.add(rows.getString(1));
            }
        }
        return statements;
    }
}
