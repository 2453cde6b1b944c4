package dev.freshness.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    void theMigrationIsTheTemplateWithNamespacedPlaceholders(Dialect dialect) {
        String template = SchemaRoute.resource(dialect.schemaResource());
        String migration = SchemaRoute.resource(dialect.flywayLocation().substring("classpath:".length())
                + "/V1__freshness_schema.sql");

        String expected = template
                .replaceFirst("-- For another table prefix or schema, Dialect\\.[A-Z0-9]+\\.schemaScript\\(prefix, schema\\)"
                        + " renders this script\\.", "-- The table prefix and schema are the placeholders freshness_prefix"
                        + " and freshness_schema (see the README).")
                .replace("${schema}", "${freshness_schema}")
                .replace("${prefix}", "${freshness_prefix}");
        assertThat(migration).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theLiquibaseChangelogRunsTheMigrationOfEachDatabase(Dialect dialect) {
        String changelog = SchemaRoute.resource(Dialect.LIQUIBASE_CHANGELOG);
        String directory = dialect.flywayLocation().substring(dialect.flywayLocation().lastIndexOf('/') + 1);

        assertThat(changelog).contains("<sqlFile path=\"" + directory + "/V1__freshness_schema.sql\"");
    }
}
