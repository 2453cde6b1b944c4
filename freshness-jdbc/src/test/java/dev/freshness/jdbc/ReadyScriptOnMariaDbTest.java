package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#MARIADB}, over tables made by the ready-to-run script. */
class ReadyScriptOnMariaDbTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.READY_TO_RUN_SCRIPT;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB;
    }
}
