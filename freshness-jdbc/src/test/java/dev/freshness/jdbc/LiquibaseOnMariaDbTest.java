package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#MARIADB}, over tables made by the Liquibase changelog. */
class LiquibaseOnMariaDbTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.LIQUIBASE;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB;
    }
}
