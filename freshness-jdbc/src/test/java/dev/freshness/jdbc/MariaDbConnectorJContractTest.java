package dev.freshness.jdbc;

import static dev.freshness.jdbc.LongPartsRunElsewhere.Part.MERGE_PROPERTY;

/**
 * The store contract suite on {@link DatabaseSetup#MARIADB_CONNECTOR_J}. The concurrent writers run here too:
 * the two drivers report deadlocks and lock timeouts with different exception types.
 */
@LongPartsRunElsewhere(value = MERGE_PROPERTY,
        runOn = "MariaDbContractTest: the same SQL on the same server; the values each driver reads and writes are checked here by the store-operation parts")
class MariaDbConnectorJContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.MARIADB_CONNECTOR_J;
    }
}
