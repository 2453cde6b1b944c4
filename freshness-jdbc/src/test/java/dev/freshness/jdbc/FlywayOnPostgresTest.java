package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#POSTGRESQL}, over tables made by the Flyway migrations. */
class FlywayOnPostgresTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.FLYWAY;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.POSTGRESQL;
    }
}
