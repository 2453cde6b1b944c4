package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.freshness.jdbc.SchemaCatalog.indexNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's schema versions 2 to 4 over tables that release 0.1 made (version 1), and over versions 2 and 3, with
 * Flyway or Liquibase: the store works on them unchanged and its start-up log names the migrations to run; the same
 * tool then migrates them to the very tables {@code createSchemaIfMissing()} makes (indexes and fillfactor included),
 * the statuses and the history kept.
 */
class PostgresSchemaMigrationsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Scope GLOBEX = Scope.tenant("globex");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant RECENTLY = Instant.parse("2026-03-01T00:00:00Z");

    /** What the start-up log adds to an older schema version's number. */
    private static final String USES_VERSION_4 = " (this library works on it, but uses version 4: migrations"
            + " V2__stale_walk_and_hot_updates.sql, V3__stale_walk_cursor_in_index.sql and"
            + " V4__prune_window_in_index_order.sql (Liquibase changeSets freshness-schema-2-postgresql to"
            + " freshness-schema-4-postgresql) make a page of the stale walk read an index only and skip the statuses"
            + " before its cursor inside it, give the status table room for HOT updates, drop a history index that"
            + " repeated the primary key and let a prune's windows start at their cursor among records that share one"
            + " instant; run it with Flyway from"
            + " classpath:META-INF/freshness/jdbc/migrations/postgresql or with Liquibase from"
            + " META-INF/freshness/jdbc/migrations/liquibase-changelog.xml)";

    private CapturedLog log;

    @BeforeEach
    void capture() {
        log = CapturedLog.of(JdbcFreshnessStore.class.getName());
    }

    @AfterEach
    void release() {
        log.close();
    }

    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion1SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            route.applyVersion1(database);
            assertThat(indexNames(database)).contains("freshness_status_by_success", "freshness_run_by_activity")
                    .doesNotContain("freshness_status_stale");

            JdbcFreshnessStore onVersion1 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 1" + USES_VERSION_4);
            onVersion1.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), LONG_AGO, 5));
            onVersion1.apply(new RunEvent.Succeeded(GLOBEX, ORDERS, RunId.of("run-2"), RECENTLY, 6));
            onVersion1.apply(new RunEvent.Started(GLOBEX, ORDERS, RunId.of("run-3"), RECENTLY.plusSeconds(1), "job"));
            List<DatasetStatus> staleOnVersion1 = staleOrders(onVersion1);
            assertThat(staleOnVersion1).extracting(DatasetStatus::scope).containsExactly(ACME);

            route.apply(database);

            assertThat(SchemaCatalog.describe(database, "freshness_"))
                    .isEqualTo(SchemaCatalog.createdBySchemaIfMissing(database));
            assertThat(indexNames(database)).contains("freshness_status_stale_walk")
                    .doesNotContain("freshness_status_stale", "freshness_status_by_success",
                            "freshness_run_by_activity", "freshness_run_by_last_activity");
            JdbcFreshnessStore onVersion4 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 4");
            assertThat(staleOrders(onVersion4)).isEqualTo(staleOnVersion1);
            assertThat(onVersion4.status(GLOBEX, ORDERS).orElseThrow().runsInFlight()).hasSize(1);
            assertThat(onVersion4.history(ACME, ORDERS, 10)).extracting(record -> record.runId().value())
                    .containsExactly("run-1");
        }
    }

    /** The script makes new tables at version 4; it leaves older tables at their version, which the log names. */
    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void createSchemaIfMissingLeavesOlderTablesAtTheirVersion(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            route.applyVersion1(database);

            JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();

            assertThat(lastVerification()).endsWith("schema version 1" + USES_VERSION_4);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion2SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            route.applyUpToVersion(database, 2);
            assertThat(indexNames(database)).contains("freshness_status_stale")
                    .doesNotContain("freshness_status_stale_walk");

            JdbcFreshnessStore onVersion2 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 2" + USES_VERSION_4);
            onVersion2.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), LONG_AGO, 5));
            onVersion2.apply(new RunEvent.Succeeded(GLOBEX, ORDERS, RunId.of("run-2"), RECENTLY, 6));
            onVersion2.apply(new RunEvent.Started(GLOBEX, ORDERS, RunId.of("run-3"), RECENTLY.plusSeconds(1), "job"));
            List<DatasetStatus> staleOnVersion2 = staleOrders(onVersion2);
            assertThat(staleOnVersion2).extracting(DatasetStatus::scope).containsExactly(ACME);

            route.apply(database);

            assertThat(SchemaCatalog.describe(database, "freshness_"))
                    .isEqualTo(SchemaCatalog.createdBySchemaIfMissing(database));
            assertThat(indexNames(database)).contains("freshness_status_stale_walk")
                    .doesNotContain("freshness_status_stale");
            assertThat(statisticsOf(database, "freshness_status_stale_walk"))
                    .as("the planner's statistics of the new index's expression, gathered by the migration")
                    .isPositive();
            JdbcFreshnessStore onVersion4 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 4");
            assertThat(staleOrders(onVersion4)).isEqualTo(staleOnVersion2);
            assertThat(onVersion4.status(GLOBEX, ORDERS).orElseThrow().runsInFlight()).hasSize(1);
        }
    }

    /**
     * Version 3 to 4: the history's index for pruning gains the key, so that a prune's windows start at their cursor
     * among records that share one instant; the store prunes the same records before and after.
     */
    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion3SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.POSTGRESQL.open()) {
            route.applyUpToVersion(database, 3);
            assertThat(indexNames(database)).contains("freshness_run_by_last_activity")
                    .doesNotContain("freshness_run_prune_order");

            JdbcFreshnessStore onVersion3 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 3" + USES_VERSION_4);
            onVersion3.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), LONG_AGO, 5));
            onVersion3.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-2"), LONG_AGO.plusSeconds(60), 6));
            onVersion3.apply(new RunEvent.Succeeded(GLOBEX, ORDERS, RunId.of("run-2"), LONG_AGO.plusSeconds(60), 6));
            assertThat(onVersion3.pruneHistory(RECENTLY)).isEqualTo(1);

            route.apply(database);

            assertThat(SchemaCatalog.describe(database, "freshness_"))
                    .isEqualTo(SchemaCatalog.createdBySchemaIfMissing(database));
            assertThat(indexNames(database)).contains("freshness_run_prune_order")
                    .doesNotContain("freshness_run_by_last_activity");
            JdbcFreshnessStore onVersion4 = JdbcFreshnessStore.using(database.dataSource()).build();
            assertThat(lastVerification()).endsWith("schema version 4");
            onVersion4.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-3"), LONG_AGO.plusSeconds(120), 7));
            onVersion4.apply(new RunEvent.Succeeded(GLOBEX, ORDERS, RunId.of("run-3"), LONG_AGO.plusSeconds(120), 7));
            assertThat(onVersion4.pruneHistory(RECENTLY)).isEqualTo(2);
            assertThat(onVersion4.runHistory(RunId.of("run-3"))).extracting(record -> record.scope())
                    .containsExactlyInAnyOrder(ACME, GLOBEX);
            assertThat(onVersion4.runHistory(RunId.of("run-2"))).isEmpty();
        }
    }

    /** What the store logged last at INFO: the tables it verified. */
    private String lastVerification() {
        List<String> logged = log.messages(Level.INFO);
        return logged.get(logged.size() - 1);
    }

    private static List<DatasetStatus> staleOrders(JdbcFreshnessStore store) {
        return store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS)).lastSucceededBefore(RECENTLY).limit(10))
                .statuses();
    }

    /** How many columns of {@code index} (its expressions) have the planner's statistics. */
    private static int statisticsOf(OpenDatabase database, String index) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stats"
                     + " WHERE schemaname = current_schema() AND tablename = '" + index + "'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the statistics of " + index + " in " + database, e);
        }
    }
}
