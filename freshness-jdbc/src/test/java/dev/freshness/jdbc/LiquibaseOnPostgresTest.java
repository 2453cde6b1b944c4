package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#POSTGRESQL}, over tables made by the Liquibase changelog. */
class LiquibaseOnPostgresTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.LIQUIBASE;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.POSTGRESQL;
    }
}
