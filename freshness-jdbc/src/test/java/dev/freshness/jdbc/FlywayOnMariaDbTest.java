package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#MARIADB}, over tables made by the Flyway migrations. */
class FlywayOnMariaDbTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.FLYWAY;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB;
    }
}
