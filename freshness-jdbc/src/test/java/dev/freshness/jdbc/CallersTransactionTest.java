package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.testsupport.CapturedLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A view of the store bound to the caller's transaction ({@link JdbcFreshnessStore#inTransactionOf}) runs each
 * call under a savepoint: when a call fails, what it did is rolled back to the savepoint and the caller's
 * transaction stays usable, with the caller's own work intact, on every database (issue 19, defect 1).
 */
class CallersTransactionTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final String PREFIX = "tx_";
    private static final String ORDERS_TABLE = "tx_orders";
    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ADS = DatasetKey.of("ads");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("ads", "Ads")
            .producer("ad_creation", "ads")
            .build();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    /**
     * Transaction A tracks a run and stays open, holding the status row. Transaction B tracks a run of the same
     * dataset with a 1 s statement timeout: its start and its success time out. B's job and B's own writes before
     * and after still commit with B.
     */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aTrackingWriteThatTimesOutLeavesTheCallersTransactionUsable(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = storeWithOneSecondTimeout(database);
        Jdbi jdbi = Jdbi.create(database.dataSource());
        CountDownLatch aHoldsTheRow = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        ExecutorService transactionA = Executors.newSingleThreadExecutor();
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            Future<?> a = transactionA.submit(() -> {
                jdbi.useTransaction(handle -> {
                    try (DatasetFreshness freshness = freshnessIn(store, handle)) {
                        freshness.track(ACME, "ads").runId(RunId.of("run-a")).run(() -> insertOrder(handle, 1));
                    }
                    aHoldsTheRow.countDown();
                    assertThat(releaseA.await(60, TimeUnit.SECONDS)).isTrue();
                });
                return null;
            });
            assertThat(aHoldsTheRow.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                jdbi.useTransaction(handle -> {
                    insertOrder(handle, 2);
                    try (DatasetFreshness freshness = freshnessIn(store, handle)) {
                        freshness.track(ACME, "ads").runId(RunId.of("run-b")).run(() -> insertOrder(handle, 3));
                    }
                    insertOrder(handle, 4);
                });
            } finally {
                releaseA.countDown();
                a.get(60, TimeUnit.SECONDS);
            }

            assertThat(log.messages(Level.WARN)).as("the wrapper's warning of a failed write").isNotEmpty()
                    .allSatisfy(message -> assertThat(message).contains("the job's outcome is unchanged"));
        } finally {
            transactionA.shutdownNow();
        }

        assertThat(orders(database)).as("A's job, and B's own rows and job").containsExactly(1, 2, 3, 4);
        assertThat(store.status(ACME, ADS).orElseThrow().lastSuccess().orElseThrow().runId())
                .isEqualTo(RunId.of("run-a"));
        assertThat(store.history(ACME, ADS, 10)).extracting(RunRecord::runId).containsExactly(RunId.of("run-a"));
    }

    /**
     * An event whose status is written but whose history row waits on another transaction's lock and times out:
     * nothing of it stays in the caller's transaction (on MariaDB and H2, which keep a transaction going after a
     * failed statement, the status would otherwise commit without its history), and the caller's own writes
     * before and after it commit.
     */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void anEventThatFailsHalfWayLeavesNothingOfItselfInTheCallersTransaction(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = storeWithOneSecondTimeout(database);
        store.apply(new RunEvent.Started(ACME, ADS, RunId.of("run-b"), T0, "ad_creation"));
        Jdbi jdbi = Jdbi.create(database.dataSource());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService lockHolder = Executors.newSingleThreadExecutor();
        try {
            // Another transaction holds the history row of run-b, not the status row.
            Future<?> holder = lockHolder.submit(() -> {
                jdbi.useTransaction(handle -> {
                    handle.createQuery("SELECT run_id FROM " + PREFIX + "run WHERE run_id = 'run-b' FOR UPDATE")
                            .mapTo(String.class).list();
                    locked.countDown();
                    assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                });
                return null;
            });
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                jdbi.useTransaction(handle -> {
                    insertOrder(handle, 1);
                    JdbcFreshnessStore view = store.inTransactionOf(handle);
                    assertThatThrownBy(() -> view.apply(new RunEvent.Succeeded(ACME, ADS, RunId.of("run-b"),
                            T0.plusSeconds(60), 7)))
                            .isExactlyInstanceOf(StoreException.class);
                    insertOrder(handle, 2);
                    assertThat(view.status(ACME, ADS).orElseThrow().lastSuccess()).as("inside the transaction")
                            .isEmpty();
                });
            } finally {
                release.countDown();
                holder.get(60, TimeUnit.SECONDS);
            }
        } finally {
            lockHolder.shutdownNow();
        }

        assertThat(orders(database)).containsExactly(1, 2);
        assertThat(store.status(ACME, ADS).orElseThrow().lastSuccess()).as("no half of the event committed").isEmpty();
        assertThat(store.runHistory(RunId.of("run-b"))).singleElement()
                .satisfies(record -> assertThat(record.finishedAt()).isNull());
    }

    /** The same through a plain JDBC connection with auto-commit off. */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aFailedCallOnTheCallersConnectionLeavesItsTransactionUsable(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = storeWithOneSecondTimeout(database);
        database.execute("DROP TABLE " + PREFIX + "run");
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + ORDERS_TABLE + " (id) VALUES (1)");
            }
            assertThatThrownBy(() -> store.inTransactionOf(connection)
                    .apply(new RunEvent.Succeeded(ACME, ADS, RunId.of("run-c"), T0, 1)))
                    .isExactlyInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.inTransactionOf(connection).runHistory(RunId.of("run-c")))
                    .isExactlyInstanceOf(StoreException.class);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + ORDERS_TABLE + " (id) VALUES (2)");
            }
            connection.commit();
            assertThat(connection.getAutoCommit()).isFalse();
        } finally {
            database.dropTables(PREFIX);
        }

        assertThat(orders(database)).containsExactly(1, 2);
    }

    /**
     * A prune switches planner settings off for its windows and slices (see {@code PruningSliceCostTest}); in the
     * caller's transaction it sets them back, so that the caller's own statements after it plan as before, its own
     * setting of one of them included.
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = "POSTGRESQL")
    void aPruneInTheCallersTransactionLeavesItsPlannerSettingsAsItFoundThem(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = storeWithOneSecondTimeout(database);
        try {
            store.apply(new RunEvent.Started(ACME, ADS, RunId.of("old"), T0, "ad_creation"));
            store.apply(new RunEvent.Failed(ACME, ADS, RunId.of("old"), T0.plusSeconds(1),
                    JobError.of("Timeout", "late", "Timeout")));
            List<String> settings = List.of("enable_seqscan", "enable_indexscan", "enable_bitmapscan", "enable_sort");
            List<String> after = Jdbi.create(database.dataSource()).inTransaction(handle -> {
                handle.execute("SET LOCAL enable_sort = off");
                assertThat(store.inTransactionOf(handle).pruneHistory(T0.plusSeconds(3_600))).isEqualTo(1);
                return settings.stream().map(name -> handle.createQuery("SELECT current_setting(:name)")
                        .bind("name", name).mapTo(String.class).one()).toList();
            });
            assertThat(after).as("%s after the prune", settings).containsExactly("on", "on", "on", "off");
        } finally {
            database.dropTables(PREFIX);
        }
    }

    private static JdbcFreshnessStore storeWithOneSecondTimeout(OpenDatabase database) {
        database.execute("DROP TABLE IF EXISTS " + ORDERS_TABLE, "CREATE TABLE " + ORDERS_TABLE + " (id INT PRIMARY KEY)");
        return database.emptyStore(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(PREFIX)
                .withStatementTimeout(Duration.ofSeconds(1)));
    }

    private static DatasetFreshness freshnessIn(JdbcFreshnessStore store, Handle handle) {
        return DatasetFreshness.using(store.inTransactionOf(handle), CATALOG).build();
    }

    private static void insertOrder(Handle handle, int id) {
        handle.createUpdate("INSERT INTO " + ORDERS_TABLE + " (id) VALUES (:id)").bind("id", id).execute();
    }

    private static List<Integer> orders(OpenDatabase database) {
        return Jdbi.create(database.dataSource()).withHandle(handle ->
                handle.createQuery("SELECT id FROM " + ORDERS_TABLE + " ORDER BY id").mapTo(Integer.class).list());
    }
}
