package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL an event costs one statement and no transaction of its own, and the statuses of many
 * datasets one query (and of many scopes, one query per 500): counted on the JDBC calls that reach the driver.
 */
class PostgresRoundTripsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private final List<String> calls = new ArrayList<>();
    private JdbcFreshnessStore store;
    private JdbcFreshnessStore storeOnDatabaseTime;

    @AfterAll
    static void dropTheDatabase() {
        DATABASES.close();
    }

    @BeforeEach
    void countingStores() {
        OpenDatabase database = DATABASES.of(DatabaseSetup.POSTGRESQL);
        database.emptyStore("rt_");
        DataSource counting = counting(database.dataSource());
        store = JdbcFreshnessStore.using(counting).withTablePrefix("rt_").build();
        storeOnDatabaseTime = JdbcFreshnessStore.using(counting).withTablePrefix("rt_").usingDbTime().build();
        calls.clear();
    }

    @Test
    void eachKindOfEventIsOneStatementWithoutATransactionOfItsOwn() {
        RunId run = RunId.of("run-1");
        DatasetKey orders = DatasetKey.of("orders");

        store.apply(new RunEvent.Started(ACME, orders, run, T0, "job"));
        assertOneStatementAndNoTransactionCall();
        calls.clear();
        store.apply(new RunEvent.Succeeded(ACME, orders, run, T0.plusSeconds(1), 5));
        assertOneStatementAndNoTransactionCall();
        calls.clear();
        store.apply(new RunEvent.Failed(ACME, orders, run, T0.plusSeconds(2), JobError.of("E", "boom", null)));
        assertOneStatementAndNoTransactionCall();

        var status = store.status(ACME, orders).orElseThrow();
        assertThat(status.lastStart()).isPresent();
        assertThat(status.lastSuccess()).isPresent();
        assertThat(status.lastFailure()).isPresent();
        assertThat(store.runHistory(run)).singleElement().satisfies(record -> assertThat(record.jobName()).isEqualTo("job"));
    }

    @Test
    void anEventOnTheDatabaseClockIsStillOneStatement() {
        storeOnDatabaseTime.apply(new RunEvent.Succeeded(ACME, DatasetKey.of("orders"), RunId.of("run-1"), T0, 5));

        assertOneStatementAndNoTransactionCall();
    }

    @Test
    void theStatusesOfManyDatasetsAreOneQuery() {
        for (String dataset : List.of("a", "b", "c", "d")) {
            store.apply(new RunEvent.Started(ACME, DatasetKey.of(dataset), RunId.of("run-1"), T0, null));
        }
        calls.clear();

        var statuses = store.statuses(Set.of(ACME, Scope.tenant("other")), Set.of(DatasetKey.of("a"), DatasetKey.of("b"),
                DatasetKey.of("c"), DatasetKey.of("d"), DatasetKey.of("e")));

        assertThat(statuses).hasSize(4);
        assertThat(calls).as("one statement").singleElement().asString().startsWith("execute");
    }

    @Test
    void theStatusesOfManyScopesAreOneQueryPer500Scopes() {
        Set<Scope> scopes = new HashSet<>();
        for (int i = 0; i < 1001; i++) {
            scopes.add(Scope.tenant("tenant-" + i));
        }
        store.apply(new RunEvent.Started(Scope.tenant("tenant-1000"), DatasetKey.of("a"), RunId.of("run-1"), T0, null));
        calls.clear();

        var statuses = store.statuses(scopes, Set.of(DatasetKey.of("a")));

        assertThat(statuses).hasSize(1);
        assertThat(calls).as("500 + 500 + 1 scopes").hasSize(3).allSatisfy(call -> assertThat(call).startsWith("execute"));
    }

    @Test
    void statusesAreCreatedIfAbsentWithOneBatchInOneTransaction() {
        store.createStatusesIfAbsent(ACME, Set.of(DatasetKey.of("a"), DatasetKey.of("b"), DatasetKey.of("c")));

        assertThat(calls).containsExactly("setAutoCommit", "executeBatch", "commit", "setAutoCommit");
        assertThat(store.statuses(Set.of(ACME), Set.of(DatasetKey.of("a"), DatasetKey.of("b"), DatasetKey.of("c"))))
                .hasSize(3);
    }

    @Test
    void aBatchIsOneExecuteBatchPerKindInOneTransactionPerChunk() {
        List<RunEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2 * JdbcFreshnessStore.BATCH_CHUNK_SIZE + 1; i++) {
            Scope scope = Scope.tenant(String.format("tenant-%05d", i));
            batch.add(new RunEvent.Succeeded(scope, DatasetKey.of("orders"), RunId.of("run-1"), T0, i));
        }
        batch.add(new RunEvent.Started(Scope.tenant("tenant-00000"), DatasetKey.of("orders"), RunId.of("run-1"),
                T0.minusSeconds(1), "job"));

        store.applyAll(batch);

        List<String> chunk = List.of("setAutoCommit", "executeBatch", "commit", "setAutoCommit");
        List<String> firstChunk = List.of("setAutoCommit", "executeBatch", "executeBatch", "commit", "setAutoCommit");
        List<String> expected = new ArrayList<>(firstChunk);
        expected.addAll(chunk);
        expected.addAll(chunk);
        assertThat(calls).as("3 chunks; the first holds both kinds").isEqualTo(expected);
        assertThat(store.runHistory(RunId.of("run-1"))).hasSize(2 * JdbcFreshnessStore.BATCH_CHUNK_SIZE + 1);
    }

    /**
     * pgjdbc's {@code reWriteBatchedInserts} would turn a batch of plain inserts into one multi-row statement,
     * where two rows of one key fail ("ON CONFLICT DO UPDATE command cannot affect row a second time"); the
     * store's statements are data-modifying {@code WITH}s, left as they are, so events of one key merge.
     */
    @Test
    void eventsOfOneKeyInOneBatchMergeWithReWriteBatchedInserts() {
        OpenDatabase database = DATABASES.of(DatabaseSetup.POSTGRESQL);
        String url = database.url() + (database.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (var pool = OpenDatabase.pool(url, DatabaseSetup.POSTGRESQL.sessionStatement(), "rewrite")) {
            JdbcFreshnessStore rewriting = JdbcFreshnessStore.using(pool).withTablePrefix("rt_").build();
            DatasetKey orders = DatasetKey.of("orders");
            rewriting.applyAll(List.of(
                    new RunEvent.Succeeded(ACME, orders, RunId.of("run-1"), T0, 1),
                    new RunEvent.Succeeded(ACME, orders, RunId.of("run-2"), T0.plusSeconds(2), 2),
                    new RunEvent.Succeeded(ACME, orders, RunId.of("run-2"), T0.plusSeconds(2), 2),
                    new RunEvent.Succeeded(ACME, orders, RunId.of("run-3"), T0.plusSeconds(1), 3)));

            assertThat(rewriting.status(ACME, orders).orElseThrow().lastSuccess())
                    .map(DatasetStatus.Success::runId).hasValue(RunId.of("run-2"));
            assertThat(rewriting.history(ACME, orders, 10)).hasSize(3);
        }
    }

    private void assertOneStatementAndNoTransactionCall() {
        assertThat(calls).as("the JDBC calls of one event: no setAutoCommit, commit or rollback")
                .singleElement().asString().startsWith("execute");
    }

    /** Records every statement execution and every transaction call that reaches the driver. */
    private DataSource counting(DataSource real) {
        return proxy(DataSource.class, real, (method, result) -> result instanceof Connection connection
                ? proxy(Connection.class, connection, this::countingConnectionResult) : result);
    }

    private Object countingConnectionResult(Method method, Object result) {
        if (List.of("commit", "rollback", "setAutoCommit").contains(method.getName())) {
            calls.add(method.getName());
        }
        if (result instanceof java.sql.PreparedStatement prepared) {
            return proxy(java.sql.PreparedStatement.class, prepared, this::countingStatementResult);
        }
        if (result instanceof Statement statement) {
            return proxy(Statement.class, statement, this::countingStatementResult);
        }
        return result;
    }

    private Object countingStatementResult(Method method, Object result) {
        if (method.getName().startsWith("execute")) {
            calls.add(method.getName());
        }
        return result;
    }

    private interface AfterCall {
        Object apply(Method method, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, result);
        });
    }
}
