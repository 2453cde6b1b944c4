package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static dev.freshness.jdbc.SchemaCatalog.indexNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's schema version 4 over tables at version 1 (what release 0.1 made), 2 or 3, with Flyway or Liquibase: the store
 * works on the older version unchanged and its start-up log names the migrations to run; the same tool then migrates
 * the tables to the very ones {@code createSchemaIfMissing()} makes, the statuses and the history kept.
 */
class H2SchemaMigrationsTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-01T00:00:00Z");

    /** What the start-up log adds to an older schema version's number. */
    private static final String USES_VERSION_4 = " (this library works on it, but uses version 4: migrations"
            + " V2__drop_history_index_repeating_the_key.sql, V3__history_key_leads_with_the_run.sql and"
            + " V4__prune_window_in_index_order.sql (Liquibase changeSets freshness-schema-2-h2 to"
            + " freshness-schema-4-h2) drop two history indexes that every event wrote (one repeated the primary key,"
            + " the other is the primary key once it leads with the run) and let a prune's windows start at their"
            + " cursor among records that share one instant; run it"
            + " with Flyway from classpath:META-INF/freshness/jdbc/migrations/h2 or with Liquibase from"
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
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            route.applyVersion1(database);
            assertThat(indexNames(database)).contains("freshness_run_by_activity", "freshness_run_by_run_id");

            worksOnTheOlderVersionAndAfterTheMigration(route, database, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion2SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            route.applyUpToVersion(database, 2);
            assertThat(indexNames(database)).contains("freshness_run_by_run_id")
                    .doesNotContain("freshness_run_by_activity");

            worksOnTheOlderVersionAndAfterTheMigration(route, database, 2);
        }
    }

    /** The script makes new tables at version 4; it leaves older tables at their version, which the log names. */
    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void createSchemaIfMissingLeavesOlderTablesAtTheirVersion(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            route.applyVersion1(database);

            JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();

            assertThat(lastVerification()).endsWith("schema version 1" + USES_VERSION_4);
            assertThat(indexNames(database)).contains("freshness_run_by_activity", "freshness_run_by_run_id");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchemaRoute.class, names = {"FLYWAY", "LIQUIBASE"})
    void theStoreWorksOnAVersion3SchemaAndTheSameToolMigratesIt(SchemaRoute route) {
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            route.applyUpToVersion(database, 3);
            assertThat(indexNames(database)).contains("freshness_run_by_last_activity")
                    .doesNotContain("freshness_run_prune_order", "freshness_run_by_run_id");

            worksOnTheOlderVersionAndAfterTheMigration(route, database, 3);
        }
    }

    private void worksOnTheOlderVersionAndAfterTheMigration(SchemaRoute route, OpenDatabase database, int version) {
        JdbcFreshnessStore onOlderVersion = JdbcFreshnessStore.using(database.dataSource()).build();
        assertThat(lastVerification()).endsWith("schema version " + version + USES_VERSION_4);
        onOlderVersion.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-1"), EARLIER, "job"));
        onOlderVersion.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), EARLIER.plusSeconds(1), 5));
        onOlderVersion.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-2"), LATER, "job"));
        DatasetStatus onOlderVersionStatus = onOlderVersion.status(ACME, ORDERS).orElseThrow();

        route.apply(database);

        assertThat(SchemaCatalog.describe(database, "freshness_"))
                .isEqualTo(SchemaCatalog.createdBySchemaIfMissing(database));
        assertThat(indexNames(database)).contains("freshness_run_prune_order").doesNotContain(
                "freshness_run_by_activity", "freshness_run_by_run_id", "freshness_run_by_last_activity");
        JdbcFreshnessStore onVersion4 = JdbcFreshnessStore.using(database.dataSource()).build();
        assertThat(lastVerification()).endsWith("schema version 4");
        assertThat(onVersion4.status(ACME, ORDERS)).contains(onOlderVersionStatus);
        onVersion4.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-2"), LATER.plusSeconds(1), 7));
        assertThat(onVersion4.history(ACME, ORDERS, 10)).extracting(record -> record.runId().value())
                .containsExactly("run-2", "run-1");
        assertThat(onVersion4.runHistory(RunId.of("run-1"))).extracting(record -> record.recordsAffected())
                .containsExactly(5L);
        assertThat(onVersion4.status(ACME, ORDERS).orElseThrow().runsInFlight()).isEmpty();
        assertThat(onVersion4.pruneHistory(LATER)).isEqualTo(1);
        assertThat(onVersion4.history(ACME, ORDERS, 10)).extracting(record -> record.runId().value())
                .containsExactly("run-2");
    }

    /** What the store logged last at INFO: the tables it verified. */
    private String lastVerification() {
        List<String> logged = log.messages(Level.INFO);
        return logged.get(logged.size() - 1);
    }
}
