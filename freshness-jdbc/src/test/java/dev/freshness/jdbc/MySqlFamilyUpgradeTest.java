package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables made by 0.1 on MariaDB (the migration of version 1 alone, without the trigger that merges each event into
 * the status) are upgraded and keep their data: by the Flyway migration of version 2, or by the store itself when
 * it creates the schema; a store that only checks names the missing trigger and how to add it.
 */
class MySqlFamilyUpgradeTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private final OpenDatabases databases = new OpenDatabases();

    @AfterEach
    void dropTheDatabase() {
        databases.close();
    }

    @Test
    void theMigrationOfVersion2AddsTheTriggerToTheTablesOf01() {
        OpenDatabase database = tablesOf01WithAStatus();

        flyway(database, "2").migrate();

        assertThatTheStoreStillReadsAndWrites(JdbcFreshnessStore.using(database.dataSource()).build());
    }

    @Test
    void createSchemaIfMissingAddsTheTriggerToTheTablesOf01() {
        OpenDatabase database = tablesOf01WithAStatus();

        JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).createSchemaIfMissing().build();

        assertThatTheStoreStillReadsAndWrites(store);
        assertThat(JdbcFreshnessStore.using(database.dataSource()).build().status(ACME, ORDERS).orElseThrow()
                .lastSuccess()).hasValueSatisfying(success -> assertThat(success.recordsAffected()).isEqualTo(9));
    }

    @Test
    void aStoreThatOnlyChecksNamesTheMissingTriggerAndItsFix() {
        OpenDatabase database = tablesOf01WithAStatus();

        assertThatThrownBy(() -> JdbcFreshnessStore.using(database.dataSource()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trigger freshness_run_merges_status on freshness_run is missing")
                .hasMessageContaining("V2__freshness_status_trigger.sql")
                .hasMessageContaining("TRIGGER privilege")
                .hasMessageContaining("log_bin_trust_function_creators")
                .hasMessageContaining("createSchemaIfMissing()");
    }

    /**
     * The catalog hides a trigger from a user without the TRIGGER privilege, which the store's user need not have:
     * the check finds it by a probe that it rolls back, with both start options.
     */
    @Test
    void aUserWithoutTheTriggerPrivilegeFindsTheTriggerAndLeavesNoProbeBehind() {
        OpenDatabase database = tablesOf01WithAStatus();
        flyway(database, "2").migrate();
        String user = "fresh_app_" + Long.toHexString(System.nanoTime());
        database.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'app-password'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + database.serverDatabase().name() + ".* TO '" + user + "'@'%'");
        try {
            String url = database.url().replaceAll("user=[^&;]*", "user=" + user);
            DriverManagerDataSource asApp = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?")
                    + "password=app-password");

            assertThatTheStoreStillReadsAndWrites(JdbcFreshnessStore.using(asApp).build());
            assertThat(JdbcFreshnessStore.using(asApp).createSchemaIfMissing().build().status(ACME, ORDERS))
                    .isPresent();
            assertThat(count(database, "SELECT COUNT(*) FROM freshness_status WHERE scope_key LIKE '*%'")
                    + count(database, "SELECT COUNT(*) FROM freshness_run WHERE scope_key LIKE '*%'")).isZero();
        } finally {
            database.execute("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    private static long count(OpenDatabase database, String sql) {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    /** MariaDB's tables as 0.1 made them, holding one success written as 0.1 wrote it. */
    private OpenDatabase tablesOf01WithAStatus() {
        OpenDatabase database = databases.of(DatabaseSetup.MARIADB);
        flyway(database, "1").migrate();
        database.execute("INSERT INTO freshness_status (scope_key, dataset_key, last_success_at, last_success_run_id,"
                        + " last_success_records) VALUES ('acme', 'orders', '2026-01-05 09:00:00', 'run-0', 3)",
                "INSERT INTO freshness_run (scope_key, dataset_key, run_id, finished_at, outcome, records_affected,"
                        + " last_activity_at) VALUES ('acme', 'orders', 'run-0', '2026-01-05 09:00:00', 'SUCCEEDED', 3,"
                        + " '2026-01-05 09:00:00')");
        return database;
    }

    private static Flyway flyway(OpenDatabase database, String target) {
        return Flyway.configure()
                .dataSource(database.dataSource())
                .locations(Dialect.MARIADB.flywayLocation())
                .table("freshness_flyway_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target(target)
                .placeholders(Map.of("freshness_prefix", JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, "freshness_schema", ""))
                .load();
    }

    private static void assertThatTheStoreStillReadsAndWrites(JdbcFreshnessStore store) {
        assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess())
                .hasValueSatisfying(success -> assertThat(success.runId()).isEqualTo(RunId.of("run-0")));

        store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-1"), T0.plusSeconds(60), "job"));
        store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), T0.plusSeconds(120), 9));

        var status = store.status(ACME, ORDERS).orElseThrow();
        assertThat(status.lastStart()).hasValueSatisfying(start -> assertThat(start.runId()).isEqualTo(RunId.of("run-1")));
        assertThat(status.lastSuccess()).hasValueSatisfying(success -> {
            assertThat(success.runId()).isEqualTo(RunId.of("run-1"));
            assertThat(success.recordsAffected()).isEqualTo(9);
        });
    }
}
