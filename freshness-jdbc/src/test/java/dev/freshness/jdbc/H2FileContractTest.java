package dev.freshness.jdbc;

import static dev.freshness.jdbc.LongPartsRunElsewhere.Part.CONCURRENCY;
import static dev.freshness.jdbc.LongPartsRunElsewhere.Part.MERGE_PROPERTY;

/** The store contract suite on {@link DatabaseSetup#H2_FILE}. */
@LongPartsRunElsewhere(value = {MERGE_PROPERTY, CONCURRENCY},
        runOn = "H2MemoryContractTest: the same SQL on the same engine (MVStore), which a file changes only in where it keeps its pages")
class H2FileContractTest extends JdbcStoreContract {

    @Override
    DatabaseSetup setup() {
        return DatabaseSetup.H2_FILE;
    }
}
