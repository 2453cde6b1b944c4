package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#POSTGRESQL}, over tables made by the ready-to-run script. */
class ReadyScriptOnPostgresTest extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.READY_TO_RUN_SCRIPT;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.POSTGRESQL;
    }
}
