package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.testkit.FreshnessStoreContract;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract suite over tables that a user's route made ({@link SchemaRoute}), the store built without
 * {@code createSchemaIfMissing()}: what the route creates is all the store needs, version row included. Also:
 * the route makes the very columns and indexes that {@code createSchemaIfMissing()} makes, running it again changes
 * nothing, another prefix works beside an application's own tables, and so does another schema. One subclass per
 * route and database.
 *
 * <p>The suite's two long parts, the randomized merge property and the concurrent writers, test the store's SQL
 * rather than its tables, and take most of a minute per database on a busy machine: they run on the same tables
 * (shown the same by the catalog) in the {@code *ContractTest} classes, and are left out here
 * ({@link LongPartsRunElsewhere}).
 */
@LongPartsRunElsewhere(value = {LongPartsRunElsewhere.Part.MERGE_PROPERTY, LongPartsRunElsewhere.Part.CONCURRENCY},
        runOn = "the *ContractTest class of the same database, on tables the catalog shows identical to these")
abstract class MigratedSchemaContract extends FreshnessStoreContract {

    private static final String OTHER_PREFIX = "ops_fresh_";
    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");

    /** The databases of the subclass running now (test classes run one after the other). */
    private static final OpenDatabases DATABASES = new OpenDatabases();
    /** Whether the subclass running now has migrated its database. */
    private static boolean migrated;

    /** How the tables are made. */
    abstract SchemaRoute route();

    /** Where. */
    abstract DatabaseSetup setup();

    @Override
    protected FreshnessStore newStore() {
        OpenDatabase database = DATABASES.of(setup());
        if (!migrated) {
            route().apply(database);
            migrated = true;
        }
        database.execute("DELETE FROM freshness_run", "DELETE FROM freshness_status");
        return JdbcFreshnessStore.using(database.dataSource()).build();
    }

    @AfterAll
    static void dropTheDatabase() {
        migrated = false;
        DATABASES.close();
    }

    @Test
    void migratingAgainChangesNothing() {
        OpenDatabase database = DATABASES.of(setup());
        Instant succeeded = Instant.parse("2026-01-05T03:00:00.123Z");
        JdbcFreshnessStore.using(database.dataSource()).build()
                .apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-1"), succeeded, 7));

        route().apply(database);

        assertThat(schemaVersions(database, JdbcFreshnessStore.DEFAULT_TABLE_PREFIX))
                .containsExactlyElementsOf(everyVersion());
        DatasetStatus status = JdbcFreshnessStore.using(database.dataSource()).build().status(ACME, ORDERS).orElseThrow();
        assertThat(status.lastSuccess()).hasValueSatisfying(success -> {
            assertThat(success.at()).isEqualTo(succeeded);
            assertThat(success.recordsAffected()).isEqualTo(7);
        });
    }

    @Test
    void makesTablesWithAnotherPrefixBesideTheApplicationsOwn() {
        try (OpenDatabase database = setup().open()) {
            database.execute("CREATE TABLE app_orders (id INTEGER PRIMARY KEY)");

            route().apply(database, OTHER_PREFIX, null);
            route().apply(database, OTHER_PREFIX, null);

            assertThat(schemaVersions(database, OTHER_PREFIX)).containsExactlyElementsOf(everyVersion());
            JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).withTablePrefix(OTHER_PREFIX).build();
            Instant started = Instant.parse("2026-01-05T02:00:00Z");
            store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-2"), started, "nightly"));
            assertThat(store.status(ACME, ORDERS).orElseThrow().lastStart())
                    .hasValueSatisfying(start -> assertThat(start.at()).isEqualTo(started));
            assertThat(tableCount(database, "app_orders")).isZero();
        }
    }

    @Test
    void makesTheTablesAndIndexesThatCreateSchemaIfMissingMakes() {
        try (OpenDatabase database = setup().open()) {
            route().apply(database, "routed_", null);
            JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("created_").createSchemaIfMissing().build();

            List<String> routed = SchemaCatalog.describe(database, "routed_");
            assertThat(routed).isEqualTo(SchemaCatalog.describe(database, "created_"));
            // 12 columns of status, 12 of run, 1 of schema_version; and the indexes.
            assertThat(routed).filteredOn(line -> line.startsWith("column")).hasSize(25);
            assertThat(routed).filteredOn(line -> line.startsWith("index")).isNotEmpty();
        }
    }

    @Test
    void makesTablesInAnotherSchema() {
        try (OpenDatabase database = setup().open()) {
            String schema = database.otherSchema();
            if (database.serverDatabase() == null || database.serverDatabase().server() != TestServer.MARIADB) {
                database.execute("CREATE SCHEMA " + schema);
            }

            route().apply(database, JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, schema);

            assertThat(schemaVersions(database, schema + "." + JdbcFreshnessStore.DEFAULT_TABLE_PREFIX))
                    .containsExactlyElementsOf(everyVersion());
            JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource()).inSchema(schema).build();
            Instant succeeded = Instant.parse("2026-01-05T04:00:00Z");
            store.apply(new RunEvent.Succeeded(ACME, ORDERS, RunId.of("run-3"), succeeded, 3));
            assertThat(store.status(ACME, ORDERS).orElseThrow().lastSuccess())
                    .hasValueSatisfying(success -> assertThat(success.at()).isEqualTo(succeeded));
        }
    }

    /** Every schema version up to the dialect's current one: each migration adds its row. */
    private List<Integer> everyVersion() {
        List<Integer> versions = new ArrayList<>();
        for (int version = 1; version <= setup().expectedDialect().sql().currentSchemaVersion(); version++) {
            versions.add(version);
        }
        return versions;
    }

    private static List<Integer> schemaVersions(OpenDatabase database, String qualifiedPrefix) {
        return query(database, "SELECT version FROM " + qualifiedPrefix + "schema_version ORDER BY version");
    }

    private static int tableCount(OpenDatabase database, String table) {
        return query(database, "SELECT COUNT(*) FROM " + table).get(0);
    }

    private static List<Integer> query(OpenDatabase database, String sql) {
        return database.firstColumn(sql).stream().map(Integer::valueOf).toList();
    }
}
