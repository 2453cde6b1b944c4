package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What the JDBC store promises beyond the contract suite, on every database: exact UTC instants, bad input
 * stored literally, the schema check, the caller's transaction, the database clock and statement timeouts.
 */
class JdbcStoreOnEveryDatabaseTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final String PREFIX = "ft_";
    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final RunId RUN = RunId.of("run-1");
    private static final Instant T0 = Instant.parse("2026-03-29T01:30:00Z");

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void detectsItsDialect(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        assertThat(database.emptyStore(PREFIX).dialect()).isEqualTo(database.expectedDialect());
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void instantsComeBackAsTheSameUtcInstantToTheMicrosecond(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        // Near a daylight-saving change of Europe, with a JVM in Asia/Kolkata and a session elsewhere again.
        Instant started = Instant.parse("2026-03-29T00:59:59.999999Z");
        Instant succeeded = Instant.parse("2026-03-29T01:00:00.123456789Z");

        store.apply(new RunEvent.Started(ACME, ORDERS, RUN, started, "nightly"));
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, succeeded, 7));

        DatasetStatus status = store.status(ACME, ORDERS).orElseThrow();
        assertThat(status.lastStart().orElseThrow().at()).isEqualTo(started);
        assertThat(status.lastSuccess().orElseThrow().at()).as("truncated to microseconds")
                .isEqualTo(Instant.parse("2026-03-29T01:00:00.123456Z"));
        RunRecord record = store.runHistory(RUN).get(0);
        assertThat(record.startedAt()).isEqualTo(started);
        assertThat(record.finishedAt()).isEqualTo(Instant.parse("2026-03-29T01:00:00.123456Z"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void instantsAtTheEdgesOfUsefulTimeSurvive(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        Instant early = Instant.parse("1970-01-01T00:00:00.000001Z");
        Instant late = Instant.parse("2999-12-31T23:59:59.999999Z");

        store.apply(new RunEvent.Started(ACME, ORDERS, RUN, early, null));
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, late, Long.MAX_VALUE));

        DatasetStatus status = store.status(ACME, ORDERS).orElseThrow();
        assertThat(status.lastStart().orElseThrow().at()).isEqualTo(early);
        assertThat(status.lastSuccess().orElseThrow().at()).isEqualTo(late);
        assertThat(status.lastSuccess().orElseThrow().recordsAffected()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void sqlInTenantIdsAndErrorTextIsStoredLiterally(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        Scope tenant = Scope.tenant("acme'); DELETE FROM ft_status; --");
        JobError error = JobError.of("java.sql.SQLException", "'; DROP TABLE ft_run; -- \" \\ `x` $1 :at ?",
                "x'); TRUNCATE ft_status; --");
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 1));

        store.apply(new RunEvent.Failed(tenant, DatasetKey.of("a.b-c_d"), RunId.of("r'; --"), T0, error));

        DatasetStatus status = store.status(tenant, DatasetKey.of("a.b-c_d")).orElseThrow();
        assertThat(status.lastFailure().orElseThrow().error()).isEqualTo(error);
        assertThat(status.lastFailure().orElseThrow().runId()).isEqualTo(RunId.of("r'; --"));
        assertThat(store.runHistory(RunId.of("r'; --"))).singleElement()
                .satisfies(record -> assertThat(record.error()).isEqualTo(error));
        assertThat(store.status(ACME, ORDERS)).as("the other rows are still there").isPresent();
        assertThat(store.runHistory(RUN)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void errorTextWithNulFourByteCharactersAnd200KbIsStoredWithinItsColumn(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        String hostile = "start \u0000 nul, emoji \uD83D\uDE00 \uD834\uDD1E, lone \uD800 surrogate "
                + "x".repeat(200 * 1024);
        JobError error = JobError.of("com.example.Weird\u0000Exception", hostile, "cause \u0000 \uD83D\uDE00 " + hostile);

        store.apply(new RunEvent.Failed(ACME, ORDERS, RUN, T0, error));

        JobError stored = store.status(ACME, ORDERS).orElseThrow().lastFailure().orElseThrow().error();
        assertThat(stored).isEqualTo(error);
        assertThat(stored.message()).hasSize(JobError.MAX_MESSAGE_LENGTH)
                .startsWith("start \uFFFD nul, emoji \uD83D\uDE00 \uD834\uDD1E, lone \uFFFD surrogate")
                .endsWith(JobError.TRUNCATION_MARK);
        assertThat(stored.rootCause().orElseThrow()).hasSize(JobError.MAX_ROOT_CAUSE_LENGTH);
        assertThat(store.runHistory(RUN).get(0).error()).isEqualTo(error);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void tenantIdsKeepAnyUnicodeAndTheirLength(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        Scope longest = Scope.tenant("\uD83D\uDE00".repeat(Scope.MAX_TENANT_ID_LENGTH / 2));
        Scope accented = Scope.tenant("Crème brûlée GmbH");

        store.apply(new RunEvent.Succeeded(longest, ORDERS, RUN, T0, 1));
        store.apply(new RunEvent.Succeeded(accented, ORDERS, RUN, T0, 2));

        assertThat(store.status(longest, ORDERS)).get().extracting(DatasetStatus::scope).isEqualTo(longest);
        assertThat(store.status(accented, ORDERS).orElseThrow().lastSuccess().orElseThrow().recordsAffected()).isEqualTo(2);
        assertThat(store.status(Scope.tenant("Creme brulee GmbH"), ORDERS)).as("no accent-insensitive match").isEmpty();
        assertThat(store.status(Scope.tenant("crème brûlée gmbh"), ORDERS)).as("no case-insensitive match").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aDatabaseWithoutTheTablesFailsAtStartNamingTheMissingTable(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("absent_");

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("absent_").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tables absent_schema_version, absent_status, absent_run are missing")
                .hasMessageContaining(database.expectedDialect().schemaResource())
                .hasMessageContaining("createSchemaIfMissing()");
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aMissingColumnOrTableIsNamed(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("broken_");
        database.emptyStore("broken_");
        database.execute("ALTER TABLE broken_run DROP COLUMN error_root_cause");

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("broken_").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("table broken_run has no column error_root_cause");

        database.execute("DROP TABLE broken_status");
        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("broken_").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("table broken_status is missing");
        database.dropTables("broken_");
    }

    /**
     * MariaDB keeps table names as written (lower_case_table_names=0, the default on Linux), so CasePrefix_ and
     * caseprefix_ name different tables there, and the same tables on PostgreSQL and H2, which fold unquoted names.
     * Either way the check agrees with the creation: build() finds the tables it just created.
     */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aPrefixThatDiffersOnlyInCaseIsCheckedTheWayTheDatabaseNamesTables(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("caseprefix_");
        database.dropTables("CasePrefix_");
        JdbcFreshnessStore lower = database.emptyStore("caseprefix_");

        JdbcFreshnessStore mixed = JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("CasePrefix_")
                .createSchemaIfMissing().build();
        mixed.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 1));

        boolean namesKeepTheirCase = setup.server() == dev.freshness.testsupport.TestServer.MARIADB
                && Jdbi.create(database.dataSource()).withHandle(handle ->
                        handle.createQuery("SELECT @@lower_case_table_names").mapTo(Integer.class).one()) == 0;
        assertThat(lower.status(ACME, ORDERS).isPresent()).as("the same tables").isEqualTo(!namesKeepTheirCase);
        assertThat(JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("CasePrefix_").build()
                .status(ACME, ORDERS)).isPresent();
        database.dropTables("caseprefix_");
        database.dropTables("CasePrefix_");
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void anotherSchemaVersionIsRefused(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.dropTables("versioned_");
        database.emptyStore("versioned_");
        int current = setup.expectedDialect().sql().currentSchemaVersion();
        database.execute("INSERT INTO versioned_schema_version (version) VALUES (" + (current + 1) + ")");

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("versioned_").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version " + (current + 1) + " in versioned_schema_version, but this"
                        + " library uses version " + current)
                .hasMessageContaining("upgrade the library");
        database.dropTables("versioned_");
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void createsTheTablesInAnotherSchemaWhenAsked(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        String schema = database.otherSchema();
        JdbcFreshnessStore store = database.emptyStore(
                JdbcFreshnessStore.using(database.dataSource()).inSchema(schema).withTablePrefix("t_"));

        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 3));

        assertThat(store.schema()).contains(schema);
        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow().recordsAffected()).isEqualTo(3);
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-2"), T0.plusSeconds(10), 4));
        assertThat(store.pruneHistory(T0.plusSeconds(5))).isEqualTo(1);
        assertThat(store.history(ACME, ORDERS, 5)).extracting(RunRecord::runId).containsExactly(RunId.of("run-2"));
        assertThat(database.emptyStore(PREFIX).status(ACME, ORDERS)).as("the default schema's tables").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aSuccessRecordedInTheCallersTransactionDisappearsWhenItRollsBack(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        Jdbi jdbi = Jdbi.create(database.dataSource());

        jdbi.useHandle(handle -> {
            handle.begin();
            JdbcFreshnessStore inTransaction = store.inTransactionOf(handle);
            inTransaction.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 42));
            assertThat(inTransaction.status(ACME, ORDERS)).as("visible inside the transaction").isPresent();
            handle.rollback();
        });

        assertThat(store.status(ACME, ORDERS)).isEmpty();
        assertThat(store.runHistory(RUN)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void onlyTheStoreItselfMayBeCalledFromAnotherThreadNotAViewOfTheCallersTransaction(DatabaseSetup setup)
            throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);

        assertThat(store.mayBlock()).isTrue();
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(store.inTransactionOf(connection).mayBlock()).isFalse();
            boolean viewOfHandleMayBlock = Jdbi.create(database.dataSource())
                    .withHandle(handle -> store.inTransactionOf(handle).mayBlock());
            assertThat(viewOfHandleMayBlock).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aSuccessRecordedInTheCallersTransactionCommitsWithIt(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);

        Jdbi.create(database.dataSource()).useTransaction(handle -> {
            store.inTransactionOf(handle).apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
            store.inTransactionOf(handle).apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0.plusSeconds(1), 42));
            assertThat(store.status(ACME, ORDERS)).as("invisible outside before the commit").isEmpty();
        });

        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow().recordsAffected()).isEqualTo(42);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aConnectionInATransactionIsUsedAsItIsAndLeftOpen(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);

        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.inTransactionOf(connection).apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 1));
            assertThat(connection.isClosed()).isFalse();
            assertThat(connection.getAutoCommit()).isFalse();
            connection.rollback();
            assertThat(store.status(ACME, ORDERS)).isEmpty();

            store.inTransactionOf(connection).apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 2));
            connection.commit();
        }
        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow().recordsAffected()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aConnectionWithAutoCommitGetsAnEventInOneTransaction(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);

        try (Connection connection = database.dataSource().getConnection()) {
            store.inTransactionOf(connection).apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(store.status(ACME, ORDERS).orElseThrow().runsInFlight()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void withDatabaseTimeTheEventsInstantIsTheDatabaseClocks(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(JdbcFreshnessStore.using(database.dataSource())
                .withTablePrefix(PREFIX).usingDbTime());
        Instant skewed = Instant.parse("2001-01-01T00:00:00Z");
        Instant before = Instant.now();

        store.apply(new RunEvent.Started(ACME, ORDERS, RUN, skewed, "job"));
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, skewed, 5));

        Instant after = Instant.now();
        DatasetStatus status = store.status(ACME, ORDERS).orElseThrow();
        Instant succeededAt = status.lastSuccess().orElseThrow().at();
        // The database runs on this machine: its clock agrees with the JVM's to well within a minute.
        assertThat(succeededAt).isBetween(before.minusSeconds(60), after.plusSeconds(60));
        assertThat(status.lastStart().orElseThrow().at()).isBeforeOrEqualTo(succeededAt).isCloseTo(succeededAt, within(Duration.ofSeconds(60)));
        RunRecord record = store.runHistory(RUN).get(0);
        assertThat(record.finishedAt()).as("status and history share the instant").isEqualTo(succeededAt);
        assertThat(record.startedAt()).isEqualTo(status.lastStart().orElseThrow().at());
        assertThat(store.usesDatabaseTime()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aStatementBlockedByALockFailsAtTheStatementTimeoutInsteadOfHanging(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(JdbcFreshnessStore.using(database.dataSource())
                .withTablePrefix(PREFIX).withStatementTimeout(Duration.ofSeconds(1)));
        store.apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService lockHolder = Executors.newSingleThreadExecutor();
        Future<Boolean> holder = lockHolder.submit(() -> Jdbi.create(database.dataSource()).inTransaction(handle -> {
            handle.createUpdate("UPDATE ft_status SET last_start_run_id = 'holder'").execute();
            locked.countDown();
            return release.await(60, TimeUnit.SECONDS);
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(45), () ->
                    assertThatThrownBy(() -> store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0.plusSeconds(1), 1)))
                            .isExactlyInstanceOf(StoreException.class)
                            .hasMessageStartingWith("could not record SUCCEEDED of run run-1 for tenant:acme/orders")
                            .cause().isInstanceOf(JdbiException.class)
                            .cause().isInstanceOf(SQLException.class));
        } finally {
            release.countDown();
            holder.get(60, TimeUnit.SECONDS);
            lockHolder.shutdown();
        }
        assertThat(store.statementTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void anUnknownProductFailsAtConstructionUnlessTheDialectIsSet(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        DataSource disguised = reportingProduct(database.dataSource(), "Apache Derby");

        assertThatThrownBy(() -> JdbcFreshnessStore.using(disguised).withTablePrefix(PREFIX).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database 'Apache Derby'");

        JdbcFreshnessStore store = JdbcFreshnessStore.using(disguised).withTablePrefix(PREFIX)
                .withDialect(database.expectedDialect()).createSchemaIfMissing().build();
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 1));
        assertThat(store.dialect()).isEqualTo(database.expectedDialect());
        assertThat(store.status(ACME, ORDERS)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void statusesOfManyDatasetsComeWithTheirRunsInFlight(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        List<DatasetKey> datasets = List.of(DatasetKey.of("a"), DatasetKey.of("b"), DatasetKey.of("c"));
        for (DatasetKey dataset : datasets) {
            store.apply(new RunEvent.Started(ACME, dataset, RunId.of("r1"), T0, null));
            store.apply(new RunEvent.Started(ACME, dataset, RunId.of("r2"), T0.plusSeconds(1), null));
        }
        store.apply(new RunEvent.Succeeded(ACME, DatasetKey.of("b"), RunId.of("r1"), T0.plusSeconds(2), 9));

        Map<DatasetKey, DatasetStatus> statuses = byDataset(store.statuses(Set.of(ACME), Set.of(DatasetKey.of("a"),
                DatasetKey.of("b"), DatasetKey.of("c"), DatasetKey.of("never"))));

        assertThat(statuses).containsOnlyKeys(datasets);
        assertThat(statuses.get(DatasetKey.of("a")).runsInFlight()).extracting(DatasetStatus.Start::runId)
                .containsExactly(RunId.of("r1"), RunId.of("r2"));
        assertThat(statuses.get(DatasetKey.of("b")).runsInFlight()).extracting(DatasetStatus.Start::runId)
                .containsExactly(RunId.of("r2"));
        assertThat(store.statuses(Set.of(ACME), Set.of())).isEmpty();
        assertThat(store.statuses(Set.of(), Set.of(ORDERS))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void statusesOfMoreScopesThanOneQueryTakesAreReadWhole(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        int scopeCount = 2 * JdbcFreshnessStore.SCOPES_PER_QUERY + 1;
        Set<Scope> scopes = new HashSet<>();
        for (int i = 0; i < scopeCount; i++) {
            scopes.add(Scope.tenant("tenant-" + i));
        }
        scopes.forEach(scope -> store.createStatusesIfAbsent(scope, Set.of(ORDERS)));
        store.apply(new RunEvent.Started(Scope.tenant("tenant-700"), ORDERS, RUN, T0, "job"));
        store.apply(new RunEvent.Succeeded(Scope.tenant("tenant-700"), DatasetKey.of("users"), RUN, T0, 5));
        store.apply(new RunEvent.Succeeded(Scope.tenant("not-asked"), ORDERS, RUN, T0, 5));

        List<DatasetStatus> statuses = store.statuses(scopes, Set.of(ORDERS, DatasetKey.of("users")));

        assertThat(statuses).hasSize(scopeCount + 1)
                .extracting(status -> status.scope() + "/" + status.dataset()).doesNotHaveDuplicates();
        assertThat(statuses).filteredOn(status -> status.scope().equals(Scope.tenant("tenant-700")))
                .extracting(status -> status.dataset().value() + " " + status.runsInFlight().size() + " in flight, "
                        + status.lastSuccess().map(success -> success.recordsAffected() + " records").orElse("no success"))
                .containsExactlyInAnyOrder("orders 1 in flight, no success", "users 0 in flight, 5 records");
        assertThat(statuses).filteredOn(status -> !status.scope().equals(Scope.tenant("tenant-700")))
                .allMatch(DatasetStatus::isEmpty);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void statusesCreatedByManyThreadsAtOnceAreCreatedOnceWithoutAnError(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        Set<DatasetKey> datasets = Set.of(DatasetKey.of("a"), DatasetKey.of("b"), DatasetKey.of("c"));
        int threads = 8;
        int scopes = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < scopes; i++) {
                        store.createStatusesIfAbsent(Scope.tenant("t" + i), datasets);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<Scope> all = new HashSet<>();
        for (int i = 0; i < scopes; i++) {
            all.add(Scope.tenant("t" + i));
        }
        assertThat(store.statuses(all, datasets)).hasSize(scopes * datasets.size()).allMatch(DatasetStatus::isEmpty);
    }

    /**
     * Another transaction inserts the same status and commits while this one waits for it: this one then finds
     * the row (on H2, after the duplicate key it gets, by running the statement again) and leaves it as it is.
     */
    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void aStatusInsertedByAnotherTransactionWhileThisOneWaitsIsLeftAsItIs(DatabaseSetup setup) throws Exception {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try {
            Future<?> created = Jdbi.create(database.dataSource()).inTransaction(handle -> {
                store.inTransactionOf(handle).apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 42));
                Future<?> blocked = waiting.submit(() -> store.createStatusesIfAbsent(ACME, Set.of(ORDERS)));
                Thread.sleep(500);
                assertThat(blocked).as("waits for the uncommitted row").isNotDone();
                return blocked;
            });
            created.get(30, TimeUnit.SECONDS);
        } finally {
            waiting.shutdownNow();
        }

        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess().orElseThrow().recordsAffected()).isEqualTo(42);
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void statusesCreatedInTheCallersTransactionDisappearWhenItRollsBack(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);

        Jdbi.create(database.dataSource()).useHandle(handle -> {
            handle.begin();
            store.inTransactionOf(handle).createStatusesIfAbsent(ACME, Set.of(ORDERS, DatasetKey.of("users")));
            assertThat(store.inTransactionOf(handle).status(ACME, ORDERS)).as("visible inside").isPresent();
            handle.rollback();
        });

        assertThat(store.status(ACME, ORDERS)).isEmpty();
        store.createStatusesIfAbsent(ACME, Set.of(ORDERS));
        assertThat(store.status(ACME, ORDERS)).hasValue(DatasetStatus.empty(ACME, ORDERS));
    }

    private static Map<DatasetKey, DatasetStatus> byDataset(List<DatasetStatus> statuses) {
        Map<DatasetKey, DatasetStatus> byDataset = new HashMap<>();
        statuses.forEach(status -> assertThat(byDataset.put(status.dataset(), status)).as("one status per dataset").isNull());
        return byDataset;
    }

    @ParameterizedTest
    @EnumSource(DatabaseSetup.class)
    void pruningKeepsTheRunHoldingTheLastSuccess(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        JdbcFreshnessStore store = database.emptyStore(PREFIX);
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("old-success"), T0, 1));
        store.apply(new RunEvent.Failed(ACME, ORDERS, RunId.of("old-failure"), T0.plusSeconds(1), JobError.of("E", "m", null)));
        store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("recent"), T0.plusSeconds(100), null));

        int deleted = store.pruneHistory(T0.plusSeconds(50));

        assertThat(deleted).isEqualTo(1);
        assertThat(store.history(ACME, ORDERS, 10)).extracting(RunRecord::runId)
                .containsExactly(RunId.of("recent"), RunId.of("old-success"));
        assertThat(store.status(ACME, ORDERS).orElseThrow().lastFailure()).as("statuses untouched").isPresent();
    }

    /** A data source whose connections report another database product, as a proxy driver might. */
    private static DataSource reportingProduct(DataSource real, String productName) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    Object value = invoke(connection, m, a);
                                    if (value instanceof DatabaseMetaData metaData) {
                                        return Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                                                new Class<?>[] {DatabaseMetaData.class},
                                                (mp, mm, ma) -> mm.getName().equals("getDatabaseProductName")
                                                        ? productName : invoke(metaData, mm, ma));
                                    }
                                    return value;
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
