package dev.freshness.jdbc;

import java.util.EnumMap;
import java.util.Map;

/**
 * The databases one test class uses: each opened at its first use, all closed (dropped) by {@link #close()}
 * after the class's last test.
 */
final class OpenDatabases implements AutoCloseable {

    private final Map<DatabaseSetup, OpenDatabase> open = new EnumMap<>(DatabaseSetup.class);

    /** The database of {@code setup}, opened now when it is not open yet. */
    synchronized OpenDatabase of(DatabaseSetup setup) {
        OpenDatabase database = open.get(setup);
        if (database == null) {
            database = setup.open();
            open.put(setup, database);
        }
        return database;
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (OpenDatabase database : open.values()) {
            try {
                database.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
