package dev.freshness.jdbc;

/** The store contract suite on {@link DatabaseSetup#H2_MEMORY}, over tables made by the ready-to-run script. */
class ReadyScriptOnH2Test extends MigratedSchemaContract {

    @Override
    SchemaRoute route() {
        return SchemaRoute.READY_TO_RUN_SCRIPT;
    }

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_MEMORY;
    }
}
