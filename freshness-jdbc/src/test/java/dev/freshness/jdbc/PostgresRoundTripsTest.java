package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL the statuses of many datasets cost one query (and of many scopes, one query per 500), and a batch
 * one {@code executeBatch} per kind in one transaction per chunk: counted on the JDBC calls that reach the driver
 * ({@link JdbcCalls}). What one event costs, on every database, is {@link StatementsPerEventTest}'s.
 */
class PostgresRoundTripsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final List<String> ONE_QUERY = List.of("prepare", "execute");

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private JdbcCalls jdbc;
    private JdbcFreshnessStore store;

    @AfterAll
    static void dropTheDatabase() {
        DATABASES.close();
    }

    @BeforeEach
    void countingStore() {
        OpenDatabase database = DATABASES.of(DatabaseSetup.POSTGRESQL);
        database.emptyStore("rt_");
        jdbc = new JdbcCalls(database.dataSource());
        store = JdbcFreshnessStore.using(jdbc.dataSource()).withTablePrefix("rt_").build();
        jdbc.clear();
    }

    @Test
    void theStatusesOfManyDatasetsAreOneQuery() {
        for (String dataset : List.of("a", "b", "c", "d")) {
            store.apply(new RunEvent.Started(ACME, DatasetKey.of(dataset), RunId.of("run-1"), T0, null));
        }
        jdbc.clear();

        var statuses = store.statuses(Set.of(ACME, Scope.tenant("other")), Set.of(DatasetKey.of("a"), DatasetKey.of("b"),
                DatasetKey.of("c"), DatasetKey.of("d"), DatasetKey.of("e")));

        assertThat(statuses).hasSize(4);
        assertThat(jdbc.calls()).as("one statement").isEqualTo(ONE_QUERY);
    }

    @Test
    void theStatusesOfManyScopesAreOneQueryPer500Scopes() {
        Set<Scope> scopes = new HashSet<>();
        for (int i = 0; i < 1001; i++) {
            scopes.add(Scope.tenant("tenant-" + i));
        }
        store.apply(new RunEvent.Started(Scope.tenant("tenant-1000"), DatasetKey.of("a"), RunId.of("run-1"), T0, null));
        jdbc.clear();

        var statuses = store.statuses(scopes, Set.of(DatasetKey.of("a")));

        assertThat(statuses).hasSize(1);
        assertThat(jdbc.calls()).as("500 + 500 + 1 scopes")
                .containsExactly("prepare", "execute", "prepare", "execute", "prepare", "execute");
    }

    @Test
    void statusesAreCreatedIfAbsentWithOneBatchInOneTransaction() {
        store.createStatusesIfAbsent(ACME, Set.of(DatasetKey.of("a"), DatasetKey.of("b"), DatasetKey.of("c")));

        assertThat(jdbc.calls()).containsExactly("setAutoCommit", "prepare", "executeBatch", "commit", "setAutoCommit");
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

        List<String> chunk = List.of("setAutoCommit", "prepare", "executeBatch", "commit", "setAutoCommit");
        List<String> firstChunk = List.of("setAutoCommit", "prepare", "executeBatch", "prepare", "executeBatch",
                "commit", "setAutoCommit");
        List<String> expected = new ArrayList<>(firstChunk);
        expected.addAll(chunk);
        expected.addAll(chunk);
        assertThat(jdbc.calls()).as("3 chunks; the first holds both kinds").isEqualTo(expected);
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
}
