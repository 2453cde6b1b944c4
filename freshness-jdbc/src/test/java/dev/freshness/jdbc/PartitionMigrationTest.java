package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrations/postgresql/partition_history_by_day.sql} over tables release 0.1 made (version 1, by Flyway),
 * migrated to the current version, with history in them: every record reads the same after, and the store then prunes
 * by dropping days; and a history partitioned at an older version, migrated after.
 */
class PartitionMigrationTest {

    private static final String SCRIPT = "META-INF/freshness/jdbc/migrations/postgresql/partition_history_by_day.sql";
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final DatasetKey ADS = DatasetKey.of("ads");

    @Test
    void aVersion1HistoryWithDataMovesToDailyPartitionsAndReadsTheSame() throws SQLException {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            SchemaRoute.FLYWAY.applyVersion1(database);
            JdbcFreshnessStore before = JdbcFreshnessStore.using(database.dataSource()).build();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<Scope> scopes = List.of(Scope.tenant("acme"), Scope.tenant("globex"), Scope.global());
            List<RunId> runs = new ArrayList<>();
            for (int day = 12; day >= 0; day -= 3) {
                Instant at = today.minusDays(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
                for (Scope scope : scopes) {
                    RunId run = RunId.of(scope.key().replace('*', 'g') + "-" + day);
                    runs.add(run);
                    before.apply(new RunEvent.Started(scope, ORDERS, run, at, "load"));
                    if (day % 2 == 0) {
                        before.apply(new RunEvent.Succeeded(scope, ORDERS, run, at.plusSeconds(60), day));
                    } else {
                        before.apply(new RunEvent.Failed(scope, ORDERS, run, at.plusSeconds(60),
                                JobError.of("Timeout", "slow", "java.net.SocketTimeoutException")));
                    }
                    before.apply(new RunEvent.Succeeded(scope, ADS, run, at.plusSeconds(90), 1));
                }
            }
            RunId inFlight = RunId.of("in-flight");
            before.apply(new RunEvent.Started(Scope.tenant("acme"), ORDERS, inFlight,
                    Instant.now().truncatedTo(ChronoUnit.MICROS), "load"));
            List<List<RunRecord>> histories = histories(before, scopes);
            List<DatasetStatus> statuses = before.statuses(Set.copyOf(scopes), Set.of(ORDERS, ADS));
            SchemaRoute.FLYWAY.apply(database);

            migrate(database);

            assertThat(partitionedTables(database)).containsExactly("freshness_run");
            JdbcFreshnessStore after = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(histories(after, scopes)).isEqualTo(histories);
            assertThat(after.statuses(Set.copyOf(scopes), Set.of(ORDERS, ADS)))
                    .containsExactlyInAnyOrderElementsOf(statuses);
            for (RunId run : runs) {
                assertThat(after.runHistory(run)).isEqualTo(before.runHistory(run)).hasSize(2);
            }
            assertThat(after.runHistory(inFlight)).singleElement();

            after.apply(new RunEvent.Succeeded(Scope.tenant("acme"), ORDERS, inFlight, Instant.now(), 3));
            int deleted = after.pruneHistory(today.minusDays(4).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(deleted).as("every record of 12, 9 and 6 days ago: the last successes are of today")
                    .isEqualTo(3 * 2 * 3);
            assertThat(count(database, "SELECT COUNT(*) FROM pg_class WHERE relname = 'freshness_run_p"
                    + today.minusDays(12).toString().replace("-", "") + "'")).isZero();
        }
    }

    /**
     * A history partitioned at schema version 3, whose index for pruning was on the last activity alone, takes the
     * version 4 migration like one table: the partitioned index and one on every partition, and the prune then walks
     * the default partition in key order.
     */
    @Test
    void aHistoryPartitionedAtVersion3TakesTheVersion4Migration() throws SQLException {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            Instant longAgo = partitionedAtVersion3WithHistory(database);

            SchemaRoute.FLYWAY.apply(database);

            prunesOnVersion4(database, longAgo);
        }
    }

    /**
     * The README's way to build version 4's index of a partitioned history without blocking writes: the partitioned
     * index on the parent alone, each partition's built concurrently and attached (the statements psql's
     * {@code \gexec} runs there, run here one by one in auto-commit); the migration then finds the index there.
     */
    @Test
    void theIndexOfAPartitionedHistoryBuiltConcurrentlyBeforeTheVersion4Migration() throws SQLException {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            Instant longAgo = partitionedAtVersion3WithHistory(database);

            database.execute("CREATE INDEX IF NOT EXISTS freshness_run_prune_order ON ONLY freshness_run"
                    + " (last_activity_at, scope_key, dataset_key, run_id)");
            database.execute(generated(database, "SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I"
                    + " (last_activity_at, scope_key, dataset_key, run_id)', c.relname || '_prune_order', c.relname)"
                    + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'freshness_run'::regclass").toArray(String[]::new));
            database.execute(generated(database, "SELECT format('ALTER INDEX freshness_run_prune_order"
                    + " ATTACH PARTITION %I', c.relname || '_prune_order')"
                    + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'freshness_run'::regclass").toArray(String[]::new));
            assertThat(count(database, "SELECT COUNT(*) FROM pg_index"
                    + " WHERE indexrelid = 'freshness_run_prune_order'::regclass AND indisvalid"))
                    .as("the partitioned index, valid once every partition's is attached").isOne();

            SchemaRoute.FLYWAY.apply(database);

            prunesOnVersion4(database, longAgo);
            assertThat(count(database, "SELECT COUNT(*) FROM pg_indexes WHERE indexdef LIKE"
                    + " '%(last_activity_at, scope_key, dataset_key, run_id)'"))
                    .as("one index for pruning on the parent and on each partition, none built twice")
                    .isEqualTo(1 + count(database, "SELECT COUNT(*) FROM pg_inherits WHERE inhparent ="
                            + " 'freshness_run'::regclass"));
        }
    }

    /**
     * Tables at version 3 with the history partitioned by day and version 3's index for pruning, and two successes
     * of one run superseded by two of another, long ago; when they happened.
     */
    private static Instant partitionedAtVersion3WithHistory(OpenDatabase database) throws SQLException {
        SchemaRoute.FLYWAY.applyUpToVersion(database, 3);
        migrate(database);
        database.execute("DROP INDEX freshness_run_prune_order",
                "CREATE INDEX freshness_run_by_last_activity ON freshness_run (last_activity_at)");
        JdbcFreshnessStore onVersion3 = JdbcFreshnessStore.using(database.dataSource()).build();
        Instant longAgo = Instant.parse("2020-01-01T10:00:00Z");
        for (Scope scope : List.of(Scope.tenant("acme"), Scope.tenant("globex"))) {
            onVersion3.apply(new RunEvent.Succeeded(scope, ORDERS, RunId.of("old"), longAgo, 1));
            onVersion3.apply(new RunEvent.Succeeded(scope, ORDERS, RunId.of("newer"), longAgo.plusMillis(500), 2));
        }
        return longAgo;
    }

    /** Version 4's index on the parent and every partition, the old one gone, and a prune that keeps what it must. */
    private static void prunesOnVersion4(OpenDatabase database, Instant longAgo) throws SQLException {
        assertThat(SchemaCatalog.indexNames(database)).contains("freshness_run_prune_order")
                .doesNotContain("freshness_run_by_last_activity");
        assertThat(count(database, "SELECT COUNT(*) FROM pg_inherits WHERE inhparent ="
                + " 'freshness_run_prune_order'::regclass"))
                .as("an index for pruning on each partition")
                .isEqualTo(count(database, "SELECT COUNT(*) FROM pg_inherits WHERE inhparent ="
                        + " 'freshness_run'::regclass"))
                .isPositive();
        JdbcFreshnessStore onVersion4 = JdbcFreshnessStore.using(database.dataSource()).build();
        assertThat(onVersion4.pruneHistory(longAgo.plusSeconds(1))).isEqualTo(2);
        assertThat(onVersion4.runHistory(RunId.of("newer"))).hasSize(2);
        assertThat(onVersion4.runHistory(RunId.of("old"))).isEmpty();
    }

    /** The statements {@code query} writes, one a row, as psql's {@code \gexec} would run them. */
    private static List<String> generated(OpenDatabase database, String query) {
        List<String> statements = database.firstColumn(query);
        assertThat(statements).as("statements generated by " + query).isNotEmpty();
        return statements;
    }

    private static void migrate(OpenDatabase database) throws SQLException {
        String script = SchemaRoute.resource(SCRIPT).replace("${freshness_prefix}", "freshness_")
                .replace("${freshness_schema}", "");
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(script);
            }
            connection.commit();
        }
    }

    private static List<List<RunRecord>> histories(JdbcFreshnessStore store, List<Scope> scopes) {
        List<List<RunRecord>> histories = new ArrayList<>();
        for (Scope scope : scopes) {
            histories.add(store.history(scope, ORDERS, 100));
            histories.add(store.history(scope, ADS, 100));
        }
        return histories;
    }

    private static List<String> partitionedTables(OpenDatabase database) {
        return database.firstColumn("SELECT c.relname FROM pg_partitioned_table p"
                + " JOIN pg_class c ON c.oid = p.partrelid");
    }

    private static long count(OpenDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
