package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.DatasetFreshness;
import dev.freshness.FreshnessRecords;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.testsupport.TestServer;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Item 1, store outage, the reading side: with the database stopped (an H2 file database shut down; a PostgreSQL
 * database of the test's own refusing connections), every read of {@link DatasetFreshness} and
 * {@link DatasetFreshness#records()} throws exactly a {@link StoreException} (never a Jdbi or {@code java.sql}
 * type), with the store's exception as its cause; {@link DatasetFreshness#reportOrUnreadable} gives the
 * unreadable report instead of throwing; tracked jobs keep their outcome. Once the database is back, the same
 * instances read exactly what they read before the outage, and record again.
 */
class StoreDownReadsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope BETA = Scope.tenant("beta");
    private static final List<String> EXPECTED_TENANTS = List.of("acme", "beta", "gamma");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final String PAGE = "orders_page";
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders", Duration.ofHours(1))
            .producer("import", "orders")
            .page(PAGE, "Orders", Requirement.of("orders", Duration.ofHours(1)))
            .build();

    /** Stops the database and starts it again. */
    interface Outage {
        void stop() throws Exception;

        void start() throws Exception;
    }

    @Test
    void anH2FileDatabaseThatWasShutDown() throws Exception {
        Path directory = Files.createTempDirectory("rel-down-");
        Path file = directory.resolve("freshness.mv.db");
        Path away = directory.resolve("stopped.bin");
        // IFEXISTS: while the file is away, a connection fails instead of creating an empty database.
        String url = "jdbc:h2:file:" + directory.resolve("freshness").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        DriverManager.getConnection(url).close();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url + ";IFEXISTS=TRUE");
        try {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(h2).withTablePrefix("rel_down_").createSchemaIfMissing()
                    .build();
            readWhileDown("H2 file", store, new Outage() {
                @Override
                public void stop() throws Exception {
                    shutDown(h2);
                    Files.move(file, away);
                }

                @Override
                public void start() throws IOException {
                    Files.move(away, file);
                }
            });
        } finally {
            if (Files.exists(file)) {
                shutDown(h2);
            }
            deleteRecursively(directory);
        }
    }

    @Test
    void aPostgresDatabaseThatRefusesConnections() throws Exception {
        try (OwnDatabase database = Databases.POSTGRESQL.open();
             HikariDataSource pool = quickPool(database)) {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).withTablePrefix("rel_down_").createSchemaIfMissing()
                    .build();
            String own = database.name();
            try {
                readWhileDown("PostgreSQL", store, new Outage() {
                    @Override
                    public void stop() throws Exception {
                        // Only this test's own database: no new connection, and its open ones ended.
                        administer("ALTER DATABASE " + own + " ALLOW_CONNECTIONS false",
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + own
                                        + "' AND pid <> pg_backend_pid()");
                        awaitNoBackend(own);
                    }

                    @Override
                    public void start() throws Exception {
                        administer("ALTER DATABASE " + own + " ALLOW_CONNECTIONS true");
                        awaitConnection(pool);
                    }
                });
            } finally {
                administer("ALTER DATABASE " + own + " ALLOW_CONNECTIONS true");
            }
        }
    }

    /**
     * A HikariCP pool that gives up on a connection after 250 ms (HikariCP's least), so that each call over the
     * stopped database fails in a quarter of a second instead of the usual 10 s. Set when the pool is made: HikariCP
     * applies a changed timeout only at its next housekeeping, up to 30 s later.
     */
    private static HikariDataSource quickPool(OwnDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setPoolName("down-" + database.name());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(250);
        config.setValidationTimeout(250);
        return new HikariDataSource(config);
    }

    /**
     * Waits until the pool hands out a connection again: it opens its first new one in the background, after
     * backing off from the failures of the outage, and with 250 ms a borrower may give up before it is ready. The
     * reads that follow go through the library only.
     */
    private static void awaitConnection(HikariDataSource pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "no attempt yet";
        while (System.nanoTime() < deadline) {
            try (Connection connection = pool.getConnection()) {
                if (connection.isValid(5)) {
                    return;
                }
                last = "a connection that is not valid";
            } catch (SQLException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no connection within 30 s of the restart (last: " + last + ")");
    }

    private static void readWhileDown(String database, JdbcFreshnessStore store, Outage outage) throws Exception {
        SettableClock clock = SettableClock.at(T0);
        try (CapturedLog log = CapturedLog.of(CapturedLog.FRESHNESS, CapturedLog.POOL);
             // The events of the jobs tracked while down wait for redelivery through the reads after the restart.
             DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                     .withRedeliveryBackoff(Duration.ofHours(1), Duration.ofHours(1)).build()) {
            FreshnessRecords records = freshness.records();
            records.recordSuccess(BETA, "orders", RunId.of("beta-1"), 3);
            clock.advance(Duration.ofHours(2));
            records.recordStart(ACME, "orders", RunId.of("acme-1"));
            records.recordSuccess(ACME, "orders", RunId.of("acme-1"), 5);
            clock.advance(Duration.ofMinutes(1));

            Map<String, Callable<Object>> reads = reads(freshness);
            Map<String, Object> before = readAll(reads);
            assertThat(freshness.report(ACME, PAGE).isFresh()).isTrue();
            assertThat(freshness.staleScopes(PAGE).reports()).extracting(FreshnessReport::scope).containsExactly(BETA);
            assertThat(freshness.tenantsNeverSucceeded(PAGE, EXPECTED_TENANTS)).containsExactly("gamma");

            List<String> failures = new ArrayList<>();
            int storeExceptions;
            outage.stop();
            try {
                storeExceptions = expectStoreExceptions(reads, failures);
                storeExceptions += expectStoreExceptions(writes(records), failures);
                checkUnreadableReportAndTrackedJobs(freshness);
            } finally {
                outage.start();
            }
            int warnings = log.events(Level.WARN).size();

            // Back: the same instances read exactly what they read before, but for the report of the scope whose
            // events of the outage still wait for redelivery, which says it may be behind; and they record again.
            Map<String, Object> expectedAfter = new LinkedHashMap<>(before);
            expectedAfter.put("report", ((FreshnessReport) before.get("report")).withPossiblyBehind(true));
            assertThat(freshness.records().redeliveryStatus().queued()).as("events of the outage waiting").isEqualTo(4);
            assertThat(readAll(reads)).as("reads after the outage").isEqualTo(expectedAfter);
            clock.advance(Duration.ofSeconds(1));
            assertThat(freshness.track(ACME, "orders").runId(RunId.of("after")).call(() -> 7)).isEqualTo(7);
            assertThat(records.status(ACME, "orders").lastSuccess()).map(DatasetStatus.Success::runId)
                    .hasValue(RunId.of("after"));
            records.recordFailure(BETA, "orders", RunId.of("beta-2"), new IOException("after the outage"));
            assertThat(freshness.reportOrUnreadable(BETA, PAGE).isReadable()).isTrue();

            Figures.record("reads while down on %s: %d calls (%d reads, %d explicit writes), %d threw exactly"
                    + " StoreException with the store's exception as cause, %d anything else; reportOrUnreadable"
                    + " unreadable, 2 tracked jobs kept their outcome, %d WARN lines captured; after the restart %d of"
                    + " %d reads equal to before%n", database, reads.size() + 4, reads.size(), 4, storeExceptions,
                    failures.size(), warnings, reads.size(), reads.size());
            assertThat(failures).isEmpty();
        }
    }

    /** Every read, each returning what it read (a stream collected to a list). */
    private static Map<String, Callable<Object>> reads(DatasetFreshness freshness) {
        FreshnessRecords records = freshness.records();
        Map<String, Callable<Object>> reads = new LinkedHashMap<>();
        reads.put("report", () -> freshness.report(ACME, PAGE));
        reads.put("staleScopes", () -> freshness.staleScopes(PAGE));
        reads.put("staleScopes, paged", () -> freshness.staleScopes(PAGE, null, 1));
        reads.put("isAnyScopeStale", () -> freshness.isAnyScopeStale(PAGE));
        reads.put("tenantsNeverSucceeded", () -> freshness.tenantsNeverSucceeded(PAGE, EXPECTED_TENANTS));
        reads.put("records().status", () -> records.status(ACME, "orders"));
        reads.put("records().statuses", () -> records.statuses(ACME, List.of("orders")));
        reads.put("records().history", () -> records.history(ACME, "orders", 10));
        reads.put("records().runHistory", () -> records.runHistory(RunId.of("acme-1")));
        reads.put("records().statusesLastSucceededBefore", () -> {
            // Lazy: making the stream reads nothing, consuming it does.
            Stream<DatasetStatus> statuses = records.statusesLastSucceededBefore("orders", T0.plus(Duration.ofDays(1)));
            return statuses.toList();
        });
        return reads;
    }

    /** The explicit writes of {@code records()}, which throw as the reads do. */
    private static Map<String, Callable<Object>> writes(FreshnessRecords records) {
        Map<String, Callable<Object>> writes = new LinkedHashMap<>();
        writes.put("records().recordStart", () -> {
            records.recordStart(ACME, "orders", RunId.of("down"), "import");
            return null;
        });
        writes.put("records().recordSuccess", () -> {
            records.recordSuccess(ACME, "orders", RunId.of("down"), 1);
            return null;
        });
        writes.put("records().recordFailure", () -> {
            records.recordFailure(ACME, "orders", RunId.of("down"), new IOException("down"));
            return null;
        });
        writes.put("records().pruneHistoryOlderThan", () -> records.pruneHistoryOlderThan(Duration.ofDays(30)));
        return writes;
    }

    private static Map<String, Object> readAll(Map<String, Callable<Object>> reads) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Map.Entry<String, Callable<Object>> read : reads.entrySet()) {
            results.put(read.getKey(), read.getValue().call());
        }
        return results;
    }

    /** Calls each; returns how many threw as they must, and adds a line to {@code failures} for each other. */
    private static int expectStoreExceptions(Map<String, Callable<Object>> calls, List<String> failures) {
        int asExpected = 0;
        for (Map.Entry<String, Callable<Object>> call : calls.entrySet()) {
            try {
                assertThatThrownBy(() -> call.getValue().call()).as(call.getKey())
                        .isExactlyInstanceOf(StoreException.class)
                        .hasMessageStartingWith("could not ")
                        .satisfies(thrown -> assertThat(sqlExceptionBelow(thrown)).as("an SQLException below").isTrue())
                        .cause().isInstanceOf(JdbiException.class);
                asExpected++;
            } catch (AssertionError wrong) {
                failures.add(call.getKey() + ": " + wrong.getMessage());
            }
        }
        return asExpected;
    }

    private static void checkUnreadableReportAndTrackedJobs(DatasetFreshness freshness) {
        FreshnessReport unreadable = freshness.reportOrUnreadable(ACME, PAGE);
        assertThat(unreadable.isReadable()).isFalse();
        assertThat(unreadable.severity()).isEqualTo(Severity.WARNING);
        assertThat(unreadable.verdicts()).isEmpty();
        assertThat(unreadable.banner()).contains("could not be checked");
        assertThat(unreadable.readFailure()).get().isExactlyInstanceOf(StoreException.class)
                .extracting(Throwable::getCause).isInstanceOf(JdbiException.class);

        assertThat(freshness.track(ACME, "orders").runId(RunId.of("down-ok")).call(() -> 42)).isEqualTo(42);
        IOException own = new IOException("the job's own failure");
        assertThatThrownBy(() -> freshness.track(ACME, "orders").runId(RunId.of("down-failed")).call(() -> {
            throw own;
        })).isSameAs(own);
    }

    private static boolean sqlExceptionBelow(Throwable thrown) {
        for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static void shutDown(JdbcDataSource h2) throws SQLException {
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private static void administer(String... statements) throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestServer.POSTGRESQL.adminUrl());
             Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void awaitNoBackend(String database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection admin = DriverManager.getConnection(TestServer.POSTGRESQL.adminUrl());
                 Statement statement = admin.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                         + database + "'")) {
                rows.next();
                if (rows.getInt(1) == 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("terminated backends gone within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
