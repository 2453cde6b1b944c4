package dev.freshness.jdbc;

import dev.freshness.jdbc.internal.PartitionedHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form of the DDL the jar ships is the template, so they never drift apart: the ready-to-run script is the
 * template rendered for the default prefix, and the migration for Flyway and Liquibase is the template with its
 * placeholders named {@code freshness_schema} and {@code freshness_prefix}.
 */
class ShippedSchemaFilesTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theReadyToRunScriptIsTheTemplateRenderedForTheDefaultPrefix(Dialect dialect) {
        String ready = SchemaRoute.resource(dialect.readyToRunResource());

        assertThat(ready).isEqualTo(dialect.schemaScript(JdbcFreshnessStore.DEFAULT_TABLE_PREFIX, null))
                .doesNotContain("${")
                .contains("-- Creates the tables freshness_status, freshness_run and freshness_schema_version.\n");
    }

    /** H2's version 1 migration: the statements of release 0.1's template; Flyway and Liquibase keep its checksum. */
    private static final String H2_VERSION_1_SHA_256 =
            "9e16c69f4497b16b8c03d4c33ad6877b8252c947dc81f05e1cec658985c34ff0";

    /** PostgreSQL's version 1 migration as release 0.1 shipped it: Flyway and Liquibase keep its checksum. */
    private static final String POSTGRESQL_VERSION_1_SHA_256 =
            "25477910aa71f1b28654528de45147e07397d1805718bcae3f46c44434ed7b07";

    /** MySQL and MariaDB's version 1 migration: the statements of 0.2's first template; its checksum is kept. */
    private static final String MYSQL_FAMILY_VERSION_1_SHA_256 =
            "4521420287febaff232a0895461866cd852d6ab8994b78a5ec776aa10fd46285";

    /**
     * MySQL and MariaDB are at version 2: their template makes version 2 at once (trigger included), and the
     * migrations take a version 1 schema there (the catalog of both is compared on a server by
     * {@link MariaDbSchemaVersion2Test}); version 1 keeps its statements and checksum.
     */
    @Test
    void mysqlAndMariaDbKeepTheirVersion1MigrationAndAddVersion2() throws NoSuchAlgorithmException {
        String location = migrationDirectory(Dialect.MARIADB);
        String version1 = SchemaRoute.resource(location + "/V1__freshness_schema.sql");

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(version1.getBytes(StandardCharsets.UTF_8)))).isEqualTo(MYSQL_FAMILY_VERSION_1_SHA_256);
        assertThat(version1).contains("-- The table prefix and schema are the placeholders freshness_prefix and"
                + " freshness_schema (see the README).");
        assertThat(Dialect.MARIADB.sql().currentSchemaVersion()).isEqualTo(2);
        assertThat(Dialect.MYSQL.sql().currentSchemaVersion()).isEqualTo(2);
        assertThat(SchemaRoute.resource(location + "/V3__drop_history_index_repeating_the_key.sql"))
                .contains("DROP INDEX ${freshness_prefix}run_by_activity ON ${freshness_schema}${freshness_prefix}run;",
                        "schema_version (version) VALUES (2);")
                .doesNotContain("${prefix}", "${schema}");
        String template = SchemaRoute.resource(Dialect.MARIADB.schemaResource());
        assertThat(template)
                .doesNotContain("run_by_activity")
                .contains("SELECT created.version FROM (SELECT 1 AS version UNION ALL SELECT 2) AS created");
        // Version 1 and the trigger's migration hold every statement of the template but the dropped index's and
        // the version rows'.
        assertThat(withoutVersionRows(statements(SchemaRoute.resource(location + "/V1__freshness_schema.sql")
                + SchemaRoute.resource(location + "/V2__freshness_status_trigger.sql")))
                .replace("KEY ${freshness_prefix}run_by_activity (scope_key, dataset_key, last_activity_at),\n", ""))
                .isEqualTo(withoutVersionRows(statements(template.replace("${schema}", "${freshness_schema}")
                        .replace("${prefix}", "${freshness_prefix}"))));
    }

    /**
     * H2 is at version 4: its template makes version 4 at once, and the migrations take a 0.1 schema there (the
     * catalog of both is compared by {@link H2SchemaMigrationsTest}); version 1 keeps the statements 0.1's template
     * made, and its checksum, which Flyway and Liquibase keep.
     */
    @Test
    void h2KeepsItsVersion1MigrationAndAddsVersions2To4() throws NoSuchAlgorithmException {
        String location = migrationDirectory(Dialect.H2);
        byte[] version1 = SchemaRoute.resource(location + "/V1__freshness_schema.sql").getBytes(StandardCharsets.UTF_8);

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(version1)))
                .isEqualTo(H2_VERSION_1_SHA_256);
        assertThat(Dialect.H2.sql().currentSchemaVersion()).isEqualTo(4);
        assertThat(SchemaRoute.resource(location + "/V2__drop_history_index_repeating_the_key.sql"))
                .contains("DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_activity;",
                        "KEY (version) VALUES (2);")
                .doesNotContain("${prefix}", "${schema}");
        assertThat(SchemaRoute.resource(location + "/V3__history_key_leads_with_the_run.sql"))
                .contains("PRIMARY KEY (run_id, scope_key, dataset_key);",
                        "DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_run_id;",
                        "KEY (version) VALUES (3);")
                .doesNotContain("${prefix}", "${schema}");
        assertThat(SchemaRoute.resource(location + "/V4__prune_window_in_index_order.sql"))
                .contains("${freshness_prefix}run_prune_order ON ${freshness_schema}${freshness_prefix}run"
                                + " (last_activity_at, scope_key, dataset_key, run_id);",
                        "DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_last_activity;",
                        "KEY (version) VALUES (4);")
                .doesNotContain("${prefix}", "${schema}");
        assertThat(SchemaRoute.resource(Dialect.H2.schemaResource()))
                .doesNotContain("run_by_activity", "run_by_run_id", "run_by_last_activity")
                .contains("PRIMARY KEY (run_id, scope_key, dataset_key)",
                        "run_prune_order ON ${schema}${prefix}run (last_activity_at, scope_key, dataset_key, run_id)",
                        "SELECT version FROM (VALUES (1), (2), (3), (4)) AS created(version)");
    }

    private static List<String> migrations(Dialect dialect) {
        return switch (dialect) {
            case MYSQL, MARIADB -> List.of("V1__freshness_schema.sql", "V2__freshness_status_trigger.sql",
                    "V3__drop_history_index_repeating_the_key.sql");
            case POSTGRESQL -> List.of("V1__freshness_schema.sql", "V2__stale_walk_and_hot_updates.sql",
                    "V3__stale_walk_cursor_in_index.sql", "V4__prune_window_in_index_order.sql");
            case H2 -> List.of("V1__freshness_schema.sql", "V2__drop_history_index_repeating_the_key.sql",
                    "V3__history_key_leads_with_the_run.sql", "V4__prune_window_in_index_order.sql");
        };
    }

    private static String migrationDirectory(Dialect dialect) {
        return dialect.flywayLocation().substring("classpath:".length());
    }

    /** {@code statements} without the lines from the one that inserts the version rows to the end of that statement. */
    private static String withoutVersionRows(String statements) {
        StringBuilder kept = new StringBuilder();
        boolean inVersionRows = false;
        for (String line : statements.split("\n")) {
            if (line.startsWith("INSERT IGNORE INTO ${freshness_schema}${freshness_prefix}schema_version")) {
                inVersionRows = true;
            }
            if (!inVersionRows) {
                kept.append(line).append('\n');
            }
            if (inVersionRows && line.endsWith(";")) {
                inVersionRows = false;
            }
        }
        return kept.toString();
    }

    /** The SQL of a script without its comments and blank lines, a line each. */
    private static String statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("--")) {
                sql.append(line.strip()).append('\n');
            }
        }
        return sql.toString();
    }

    /**
     * PostgreSQL is at version 4: its template makes version 4 at once, and the migrations take a 0.1 schema there
     * (the catalog of both is compared on a server by {@link PostgresSchemaMigrationsTest}); the released version 1
     * stays as it was.
     */
    @Test
    void postgresqlKeepsItsReleasedVersion1MigrationAndAddsVersions2To4() throws NoSuchAlgorithmException {
        String location = Dialect.POSTGRESQL.flywayLocation().substring("classpath:".length());
        byte[] version1 = SchemaRoute.resource(location + "/V1__freshness_schema.sql")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(version1))).isEqualTo(POSTGRESQL_VERSION_1_SHA_256);
        assertThat(Dialect.POSTGRESQL.sql().currentSchemaVersion()).isEqualTo(4);
        String version2 = SchemaRoute.resource(location + "/V2__stale_walk_and_hot_updates.sql");
        assertThat(version2)
                .contains("${freshness_prefix}status_stale", "fillfactor = 85",
                        "DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_activity",
                        "VALUES (2) ON CONFLICT DO NOTHING")
                .doesNotContain("${prefix}", "${schema}");
        // CONCURRENTLY cannot run in the transaction Flyway and Liquibase run a migration in.
        assertThat(version2.lines().filter(line -> !line.startsWith("--"))).noneMatch(line -> line.contains("CONCURRENTLY"));
        String version3 = SchemaRoute.resource(location + "/V3__stale_walk_cursor_in_index.sql");
        assertThat(version3)
                .contains("${freshness_prefix}status_stale_walk ON ${freshness_schema}${freshness_prefix}status"
                                + " (dataset_key, COALESCE(last_success_at, CAST('-infinity' AS TIMESTAMP WITH TIME"
                                + " ZONE)), scope_key) INCLUDE (last_success_at)",
                        "DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}status_stale;",
                        "ANALYZE ${freshness_schema}${freshness_prefix}status;",
                        "VALUES (3) ON CONFLICT DO NOTHING")
                .doesNotContain("${prefix}", "${schema}");
        assertThat(version3.lines().filter(line -> !line.startsWith("--")))
                .noneMatch(line -> line.contains("CONCURRENTLY"));
        String version4 = SchemaRoute.resource(location + "/V4__prune_window_in_index_order.sql");
        assertThat(version4)
                .contains("${freshness_prefix}run_prune_order ON ${freshness_schema}${freshness_prefix}run"
                                + " (last_activity_at, scope_key, dataset_key, run_id);",
                        "DROP INDEX IF EXISTS ${freshness_schema}${freshness_prefix}run_by_last_activity;",
                        "VALUES (4) ON CONFLICT DO NOTHING")
                .doesNotContain("${prefix}", "${schema}");
        assertThat(version4.lines().filter(line -> !line.startsWith("--")))
                .noneMatch(line -> line.contains("CONCURRENTLY"));
        assertThat(SchemaRoute.resource(Dialect.LIQUIBASE_CHANGELOG))
                .contains("<changeSet id=\"freshness-schema-2-postgresql\" author=\"freshness\" dbms=\"postgresql\">\n"
                        + "        <sqlFile path=\"postgresql/V2__stale_walk_and_hot_updates.sql\"")
                .contains("<changeSet id=\"freshness-schema-3-postgresql\" author=\"freshness\""
                        + " dbms=\"postgresql\">\n        <sqlFile path=\"postgresql/V3__stale_walk_cursor_in_index.sql\"")
                .contains("<changeSet id=\"freshness-schema-4-postgresql\" author=\"freshness\""
                        + " dbms=\"postgresql\">\n        <sqlFile"
                        + " path=\"postgresql/V4__prune_window_in_index_order.sql\"");
        for (String template : List.of(Dialect.POSTGRESQL.schemaResource(), PartitionedHistory.SCHEMA_RESOURCE)) {
            assertThat(SchemaRoute.resource(template)).as(template)
                    .contains("-- Freshness JDBC store, schema version 4,",
                            "run_prune_order ON ${schema}${prefix}run"
                                    + " (last_activity_at, scope_key, dataset_key, run_id)",
                            "SELECT version FROM (VALUES (1), (2), (3), (4)) AS created(version)")
                    .doesNotContain("run_by_last_activity");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theLiquibaseChangelogRunsTheMigrationOfEachDatabase(Dialect dialect) {
        String changelog = SchemaRoute.resource(Dialect.LIQUIBASE_CHANGELOG);
        String directory = dialect.flywayLocation().substring(dialect.flywayLocation().lastIndexOf('/') + 1);

        for (String migration : migrations(dialect)) {
            assertThat(changelog).contains("<sqlFile path=\"" + directory + "/" + migration + "\"");
        }
    }
}
