package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#H2_MEMORY}, over tables made by the Liquibase changelog. */
class LiquibaseOnH2Test extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.LIQUIBASE;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_MEMORY;
    }
}
