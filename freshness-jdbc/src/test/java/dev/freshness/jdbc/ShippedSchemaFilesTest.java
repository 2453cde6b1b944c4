package dev.freshness.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theMigrationsAreTheTemplateWithNamespacedPlaceholders(Dialect dialect) {
        String template = SchemaRoute.resource(dialect.schemaResource())
                .replace("${schema}", "${freshness_schema}")
                .replace("${prefix}", "${freshness_prefix}");
        StringBuilder migrations = new StringBuilder();
        for (String migration : migrations(dialect)) {
            migrations.append(statements(SchemaRoute.resource(migrationDirectory(dialect) + "/" + migration)));
        }

        assertThat(migrations.toString()).isEqualTo(statements(template));
        assertThat(SchemaRoute.resource(migrationDirectory(dialect) + "/V1__freshness_schema.sql"))
                .contains("-- The table prefix and schema are the placeholders freshness_prefix and freshness_schema"
                        + " (see the README).");
    }

    /** Version 1 stays as 0.1 shipped it (Flyway checks its checksum): a later version is a migration of its own. */
    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"H2", "POSTGRESQL"})
    void theFirstMigrationIsTheWholeTemplateWhereNoLaterOneExists(Dialect dialect) {
        String template = SchemaRoute.resource(dialect.schemaResource());
        String migration = SchemaRoute.resource(migrationDirectory(dialect) + "/V1__freshness_schema.sql");

        String expected = template
                .replaceFirst("-- For another table prefix or schema, Dialect\\.[A-Z0-9]+\\.schemaScript\\(prefix, schema\\)"
                        + " renders this script\\.", "-- The table prefix and schema are the placeholders freshness_prefix"
                        + " and freshness_schema (see the README).")
                .replace("${schema}", "${freshness_schema}")
                .replace("${prefix}", "${freshness_prefix}");
        assertThat(migration).isEqualTo(expected);
    }

    private static List<String> migrations(Dialect dialect) {
        return switch (dialect) {
            case MYSQL, MARIADB -> List.of("V1__freshness_schema.sql", "V2__freshness_status_trigger.sql");
            case H2, POSTGRESQL -> List.of("V1__freshness_schema.sql");
        };
    }

    private static String migrationDirectory(Dialect dialect) {
        return dialect.flywayLocation().substring("classpath:".length());
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
