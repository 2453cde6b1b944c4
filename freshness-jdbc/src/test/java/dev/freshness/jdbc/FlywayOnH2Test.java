package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#H2_MEMORY}, over tables made by the Flyway migrations. */
class FlywayOnH2Test extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.FLYWAY;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_MEMORY;
    }
}
