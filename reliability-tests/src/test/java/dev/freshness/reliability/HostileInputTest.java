package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testsupport.CountingProxy;
import dev.freshness.track.UndeclaredDatasetPolicy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Item 6, hostile and broken input: a table of inputs across the public API, each with its expected outcome,
 * run against the in-memory store and the JDBC store on H2, PostgreSQL and MariaDB. A rejected input throws the
 * named exception and leaves the store exactly as it was (no write reached it; on JDBC, every row of both tables
 * unchanged); an accepted input is stored literally, or made safe exactly as {@link JobError} documents.
 */
class HostileInputTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant NOW = Instant.parse("2026-03-02T06:00:00Z");
    private static final String SQL = "x'); DROP TABLE rel_hostile_status; --";
    private static final String HTML = "<img src=x onerror=\"alert(document.cookie)\">&amp;";
    private static final String FOUR_BYTES = "\uD83D\uDE00 \uD834\uDD1E \uD842\uDFB7";
    private static final String LONE_HIGH = "a\uD83Db";
    private static final String LONE_LOW = "a\uDE00b";
    private static final String ONE_MB = "m".repeat(1 << 20);
    /** For the rows that configure a JDBC store: each is rejected before the store is built, so none connects. */
    private static final DataSource NEVER_CONNECTED = new JdbcDataSource();
    /**
     * The rows use many datasets that no page needs: undeclared ones are allowed. One page, for the page-size row;
     * it needs {@code orders} alone, so recording never creates companion statuses.
     */
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("import", "orders")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    /** What an input must do. */
    sealed interface Expect permits Rejected, Stored {
    }

    /** The call throws {@code type} with {@code fragment} in its message, and writes nothing. */
    record Rejected(Class<? extends Exception> type, String fragment) implements Expect {
    }

    /** The call succeeds and {@code check} finds exactly what it wrote. */
    record Stored(Consumer<DatasetFreshness> check) implements Expect {
    }

    /** One row of the table. */
    record Case(String input, Consumer<DatasetFreshness> call, Expect expect) {
    }

    static final List<Case> CASES = List.of(
            // dataset keys
            rejected("dataset key null", f -> f.records().recordStart(ACME, null, run("k1")), NullPointerException.class, "dataset"),
            rejected("dataset key empty", f -> f.records().recordStart(ACME, "", run("k2")), IllegalArgumentException.class, "dataset"),
            rejected("dataset key with a space", f -> f.records().recordStart(ACME, "ad creations", run("k3")), IllegalArgumentException.class, "dataset"),
            rejected("dataset key of 101 characters", f -> f.records().recordStart(ACME, "d".repeat(101), run("k4")), IllegalArgumentException.class, "100"),
            rejected("dataset key with SQL", f -> f.records().recordStart(ACME, SQL, run("k5")), IllegalArgumentException.class, "dataset"),
            rejected("dataset key with HTML", f -> f.records().recordStart(ACME, HTML, run("k6")), IllegalArgumentException.class, "dataset"),
            rejected("dataset key with 4-byte characters", f -> f.records().recordStart(ACME, "orders" + FOUR_BYTES, run("k7")), IllegalArgumentException.class, "dataset"),
            stored("dataset key of 100 characters", f -> f.records().recordSuccess(ACME, "d".repeat(100), run("k8"), 1),
                    f -> assertSuccess(f, ACME, "d".repeat(100), "k8")),
            stored("dataset key with every allowed kind of character", f -> f.records().recordSuccess(ACME, "Ad.class-2_x", run("k9"), 1),
                    f -> assertSuccess(f, ACME, "Ad.class-2_x", "k9")),
            // tenant ids
            rejected("tenant id null", f -> f.records().recordStart(Scope.tenant(null), "orders", run("t1")), NullPointerException.class, "tenantId"),
            rejected("tenant id blank", f -> f.records().recordStart(Scope.tenant("  "), "orders", run("t2")), IllegalArgumentException.class, "tenantId"),
            rejected("tenant id imitating global (*)", f -> f.records().recordStart(Scope.tenant("*"), "orders", run("t3")), IllegalArgumentException.class, "reserved"),
            rejected("tenant id 'GLOBAL'", f -> f.records().recordStart(Scope.tenant("GLOBAL"), "orders", run("t4")), IllegalArgumentException.class, "reserved"),
            rejected("tenant id of 201 characters", f -> f.records().recordStart(Scope.tenant("t".repeat(201)), "orders", run("t5")), IllegalArgumentException.class, "200"),
            rejected("tenant id with NUL", f -> f.records().recordStart(Scope.tenant("ac\u0000me"), "orders", run("t6")), IllegalArgumentException.class, "control"),
            rejected("tenant id with a lone surrogate", f -> f.records().recordStart(Scope.tenant(LONE_HIGH), "orders", run("t7")), IllegalArgumentException.class, "surrogate"),
            rejected("tenant id with a trailing space", f -> f.records().recordStart(Scope.tenant("acme "), "orders", run("t8")), IllegalArgumentException.class, "white space"),
            stored("tenant id with SQL", f -> f.records().recordSuccess(Scope.tenant(SQL), "orders", run("t9"), 1),
                    f -> assertSuccess(f, Scope.tenant(SQL), "orders", "t9")),
            stored("tenant id with HTML", f -> f.records().recordSuccess(Scope.tenant(HTML), "orders", run("t10"), 1),
                    f -> assertSuccess(f, Scope.tenant(HTML), "orders", "t10")),
            stored("tenant id with 4-byte characters", f -> f.records().recordSuccess(Scope.tenant("租户" + FOUR_BYTES), "orders", run("t11"), 1),
                    f -> assertSuccess(f, Scope.tenant("租户" + FOUR_BYTES), "orders", "t11")),
            stored("tenant id of 200 characters", f -> f.records().recordSuccess(Scope.tenant("t".repeat(200)), "orders", run("t12"), 1),
                    f -> assertSuccess(f, Scope.tenant("t".repeat(200)), "orders", "t12")),
            // run ids
            rejected("run id null", f -> f.records().recordStart(ACME, "orders", null), NullPointerException.class, "runId"),
            rejected("run id of 201 characters", f -> f.records().recordStart(ACME, "orders", RunId.of("r".repeat(201))), IllegalArgumentException.class, "200"),
            rejected("run id with a 4-byte character", f -> f.records().recordStart(ACME, "orders", RunId.of("run-" + FOUR_BYTES)), IllegalArgumentException.class, "printable ASCII"),
            rejected("run id with NUL", f -> f.records().recordStart(ACME, "orders", RunId.of("run\u0000")), IllegalArgumentException.class, "printable ASCII"),
            stored("run id with SQL", f -> f.records().recordSuccess(ACME, "runs", RunId.of(SQL), 1),
                    f -> assertSuccess(f, ACME, "runs", SQL)),
            stored("run id with HTML", f -> f.records().recordSuccess(ACME, "runs_html", RunId.of(HTML), 1),
                    f -> assertSuccess(f, ACME, "runs_html", HTML)),
            // counts
            rejected("negative records affected", f -> f.records().recordSuccess(ACME, "orders", run("c1"), -1), IllegalArgumentException.class, "recordsAffected"),
            stored("Long.MAX_VALUE records affected", f -> f.records().recordSuccess(ACME, "counts", run("c2"), Long.MAX_VALUE),
                    f -> assertThat(f.records().status(ACME, "counts").lastSuccess()).map(DatasetStatus.Success::recordsAffected).hasValue(Long.MAX_VALUE)),
            rejected("history limit 0", f -> f.records().history(ACME, "orders", 0), IllegalArgumentException.class, "limit"),
            rejected("stale-scopes page size 0", f -> f.staleScopes("orders_page", null, 0), IllegalArgumentException.class, "limit"),
            rejected("cross-scope page size above the maximum", f -> CrossScopeQuery.of(Set.of(DatasetKey.of("orders"))).limit(CrossScopeQuery.MAX_LIMIT + 1), IllegalArgumentException.class, "limit"),
            // durations
            rejected("prune with a negative age", f -> f.records().pruneHistoryOlderThan(Duration.ofSeconds(-1)), IllegalArgumentException.class, "age"),
            rejected("store timeout zero", f -> DatasetFreshness.using(new InMemoryFreshnessStore(), CATALOG).withStoreTimeout(Duration.ZERO), IllegalArgumentException.class, "storeTimeout"),
            rejected("statement timeout over a day", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).withStatementTimeout(Duration.ofDays(2)), IllegalArgumentException.class, "timeout"),
            // error texts
            rejected("error type blank", f -> f.records().recordFailure(ACME, "errors", run("e0"), JobError.of(" ", "m", null)), IllegalArgumentException.class, "type"),
            stored("error message with NUL", f -> f.records().recordFailure(ACME, "err_nul", run("e1"), JobError.of("E", "a\u0000b", null)),
                    f -> assertFailureMessage(f, "err_nul", "a\uFFFDb")),
            stored("error message with a lone high surrogate", f -> f.records().recordFailure(ACME, "err_high", run("e2"), JobError.of("E", LONE_HIGH, null)),
                    f -> assertFailureMessage(f, "err_high", "a\uFFFDb")),
            stored("error message with a lone low surrogate", f -> f.records().recordFailure(ACME, "err_low", run("e3"), JobError.of("E", LONE_LOW, null)),
                    f -> assertFailureMessage(f, "err_low", "a\uFFFDb")),
            stored("error message with 4-byte characters", f -> f.records().recordFailure(ACME, "err_4byte", run("e4"), JobError.of("E", FOUR_BYTES, null)),
                    f -> assertFailureMessage(f, "err_4byte", FOUR_BYTES)),
            stored("error message of 1 MB", f -> f.records().recordFailure(ACME, "err_1mb", run("e5"), new IllegalStateException(ONE_MB)),
                    f -> assertFailureMessage(f, "err_1mb", "m".repeat(JobError.MAX_MESSAGE_LENGTH - 3) + JobError.TRUNCATION_MARK)),
            stored("error message with SQL", f -> f.records().recordFailure(ACME, "err_sql", run("e6"), JobError.of("E", SQL, null)),
                    f -> assertFailureMessage(f, "err_sql", SQL)),
            stored("error message with HTML", f -> f.records().recordFailure(ACME, "err_html", run("e7"), JobError.of("E", HTML, null)),
                    f -> assertFailureMessage(f, "err_html", HTML)),
            stored("root cause of 1 MB with NUL", f -> f.records().recordFailure(ACME, "err_root", run("e8"),
                            new IllegalStateException("outer", new RuntimeException("\u0000" + ONE_MB))),
                    f -> assertThat(f.records().status(ACME, "err_root").lastFailure().orElseThrow().error().rootCause().orElseThrow())
                            .hasSize(JobError.MAX_ROOT_CAUSE_LENGTH).startsWith("java.lang.RuntimeException: \uFFFDm").endsWith("...")),
            // job names, table prefixes and schema names
            rejected("job name with SQL", f -> f.records().recordStart(ACME, "orders", run("j1"), SQL), IllegalArgumentException.class, "job"),
            rejected("table prefix with SQL", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).withTablePrefix("rel_; DROP TABLE x; --"), IllegalArgumentException.class, "tablePrefix"),
            rejected("table prefix of 31 characters", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).withTablePrefix("p".repeat(31)), IllegalArgumentException.class, "tablePrefix"),
            rejected("table prefix starting with a digit", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).withTablePrefix("9rel_"), IllegalArgumentException.class, "tablePrefix"),
            rejected("table prefix with a quote", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).withTablePrefix("rel\"_"), IllegalArgumentException.class, "tablePrefix"),
            rejected("schema with SQL", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).inSchema("public; DROP SCHEMA x"), IllegalArgumentException.class, "schema"),
            rejected("schema of 64 characters", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).inSchema("s".repeat(64)), IllegalArgumentException.class, "schema"),
            rejected("schema with a 4-byte character", f -> JdbcFreshnessStore.using(NEVER_CONNECTED).inSchema("ops" + FOUR_BYTES), IllegalArgumentException.class, "schema"));

    /** The stores every row runs against. */
    enum StoreKind { IN_MEMORY, H2, POSTGRESQL, MARIADB }

    @TestFactory
    Stream<DynamicContainer> everyInputHasItsExpectedOutcomeOnEveryStore() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);
        return Stream.of(StoreKind.values()).map(kind -> DynamicContainer.dynamicContainer(kind.name(),
                Stream.of(DynamicTest.dynamicTest("the table, row by row", () -> runTable(kind)))));
    }

    private static void runTable(StoreKind kind) throws SQLException {
        if (kind == StoreKind.IN_MEMORY) {
            runTable(kind, null, new InMemoryFreshnessStore());
            return;
        }
        try (OwnDatabase database = Databases.valueOf(kind.name()).open()) {
            runTable(kind, database, database.store("hostile"));
        }
    }

    private static void runTable(StoreKind kind, OwnDatabase database, FreshnessStore target) throws SQLException {
        CountingProxy<FreshnessStore> store = CountingProxy.of(FreshnessStore.class, target);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        try (DatasetFreshness freshness = DatasetFreshness.using(store.proxy(), CATALOG)
                .withClock(SettableClock.at(NOW)).withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW).build()) {
            for (Case row : CASES) {
                String before = snapshot(database, store);
                try {
                    if (row.expect() instanceof Rejected rejection) {
                        assertThatThrownBy(() -> row.call().accept(freshness)).isInstanceOf(rejection.type())
                                .hasMessageContaining(rejection.fragment());
                        assertThat(snapshot(database, store)).as("store after a rejected call").isEqualTo(before);
                        rejected++;
                    } else if (row.expect() instanceof Stored stored) {
                        row.call().accept(freshness);
                        stored.check().accept(freshness);
                    }
                } catch (AssertionError | RuntimeException e) {
                    failures.add(row.input() + ": " + e.getMessage());
                }
            }
        }
        Figures.record("hostile input on %s: %d inputs, %d rejected with the store unchanged, %d stored "
                + "literally (or made safe as documented), %d not as expected%n",
                kind, CASES.size(), rejected, CASES.size() - rejected, failures.size());
        assertThat(failures).isEmpty();
    }

    /** Everything a store holds that a call could change: on JDBC every row of both tables; always the writes. */
    private static String snapshot(OwnDatabase database, CountingProxy<FreshnessStore> store) throws SQLException {
        StringBuilder text = new StringBuilder("writes=")
                .append(store.calls("apply", "createStatusesIfAbsent", "pruneHistory"));
        if (database != null) {
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                for (String table : List.of("rel_hostile_status", "rel_hostile_run")) {
                    try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2, 3")) {
                        ResultSetMetaData columns = rows.getMetaData();
                        while (rows.next()) {
                            text.append('\n').append(table);
                            for (int i = 1; i <= columns.getColumnCount(); i++) {
                                text.append('|').append(rows.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return text.toString();
    }

    private static void assertSuccess(DatasetFreshness freshness, Scope scope, String dataset, String runId) {
        DatasetStatus status = freshness.records().status(scope, dataset);
        assertThat(status.scope().key()).isEqualTo(scope.key());
        assertThat(status.lastSuccess()).map(DatasetStatus.Success::runId).hasValue(RunId.of(runId));
        List<RunRecord> runs = freshness.records().runHistory(RunId.of(runId));
        assertThat(runs).extracting(run -> run.scope().key(), run -> run.dataset().value())
                .contains(org.assertj.core.groups.Tuple.tuple(scope.key(), dataset));
        assertThat(freshness.records().statusesLastSucceededBefore(dataset, NOW.plusSeconds(1)))
                .extracting(found -> found.scope().key()).contains(scope.key());
    }

    private static void assertFailureMessage(DatasetFreshness freshness, String dataset, String message) {
        assertThat(freshness.records().status(ACME, dataset).lastFailure()).map(failure -> failure.error().message())
                .hasValue(message);
    }

    private static RunId run(String value) {
        return RunId.of(value);
    }

    private static Case rejected(String input, Consumer<DatasetFreshness> call, Class<? extends Exception> type,
                                 String fragment) {
        return new Case(input, call, new Rejected(type, fragment));
    }

    private static Case stored(String input, Consumer<DatasetFreshness> call, Consumer<DatasetFreshness> check) {
        return new Case(input, call, new Stored(check));
    }
}
