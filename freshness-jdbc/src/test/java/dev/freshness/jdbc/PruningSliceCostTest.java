package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice of a prune costs its own records, however many records the history holds and however many last successes
 * the prune has kept before it (issue 20): 2,000 pairs whose last successes are older than the cutoff (kept) come,
 * in last-activity order, before 2,000 failures (deleted). Each query of a slice is measured as it runs, by the
 * database, in rows read: the query that picks a slice's records (its window), the locking read of those records
 * and the read of their pairs' statuses. A window that reads the history from its start again at each slice reads
 * the 2,000 kept records (and probes their statuses) every time, ten times the slice; a locking read that finds its
 * records other than by primary key (H2 did, for row values in another order than the key's) reads all 4,000. The
 * slice's {@code DELETE} has the locking read's {@code WHERE}.
 */
class PruningSliceCostTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final int PAIRS = 2_000;
    private static final DatasetKey ADS = DatasetKey.of("ads");
    private static final DatasetKey CAMPAIGNS = DatasetKey.of("campaigns");
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final Instant CUTOFF = T0.plusSeconds(7_200);

    /**
     * Rows one query of a slice may read: its window of history records and a status probe each (about 400 on H2 and
     * PostgreSQL, 600 on MariaDB, which counts the index entry and the row). A query that reads the kept records
     * again reads more than 2,000 at every slice, one that reads the whole history 4,000, a window that reads every
     * record of its instant 2,200 at its first slice among the 2,000 that share one.
     */
    private static final int ROWS_PER_SLICE = 4 * JdbcFreshnessStore.PRUNE_SLICE;

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void eachSliceReadsItsOwnRecordsNotTheKeptOnesBeforeIt(DatabaseSetup setup) {
        pruneAndMeasure(setup, History.ANALYZED);
    }

    /**
     * The same where the database has no statistics of the tables: a server with autovacuum off, or tables not
     * analyzed since they were created. PostgreSQL then sorted every record older than the cutoff for each window,
     * and read the whole history for each slice's locking read and delete, testing every record against the slice's
     * 200 keys. Here each record has a run of its own and the pairs take turns over two datasets, as the records of
     * a window of everyday runs do. Without statistics a window whose 200 records all share one run (one run over
     * many scopes) or one dataset still costs every record of that run, or every status of that dataset: PostgreSQL
     * takes the value they share out of the slice's condition and finds it through the index of the run id, or the
     * stale walk's, which lead with it (docs/reliability.md, section 9).
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void eachSliceReadsItsOwnRecordsOnTablesNeverAnalyzed(DatabaseSetup setup) {
        pruneAndMeasure(setup, History.NEVER_ANALYZED);
    }

    /**
     * The same where the 2,000 records to delete share one instant, as the records of a run over many scopes do when
     * its job gives them all one: each window starts at its cursor inside that instant. An index of the last activity
     * alone has no order among equal instants, so each window read, and sorted, every record of the instant: a
     * prune's windows over such a group cost its size squared (31 to 40 s for one day of 68,894 records at 10^5
     * tenants on PostgreSQL, docs/capacity.md).
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void eachWindowStartsAtItsCursorAmongRecordsThatShareOneInstant(DatabaseSetup setup) {
        pruneAndMeasure(setup, History.ONE_INSTANT);
    }

    /** The histories the prune is measured on. */
    private enum History {
        ANALYZED("slices_"), NEVER_ANALYZED("unanalyzed_slices_"), ONE_INSTANT("one_instant_slices_");

        private final String prefix;

        History(String prefix) {
            this.prefix = prefix;
        }
    }

    private static void pruneAndMeasure(DatabaseSetup setup, History history) {
        boolean analyzed = history != History.NEVER_ANALYZED;
        boolean sharedKeys = analyzed;
        OpenDatabase database = DATABASES.of(setup);
        MeasuredStatements<SliceQuery> windows = new MeasuredStatements<>(database.dataSource(), SliceQuery::of,
                (connection, statement) -> RowsRead.of(setup, connection, statement));
        String prefix = history.prefix;
        JdbcFreshnessStore store = database.emptyStore(
                JdbcFreshnessStore.using(windows.dataSource()).withTablePrefix(prefix));
        if (!analyzed && setup.server() == TestServer.POSTGRESQL) {
            // No statistics even on a server whose autovacuum would otherwise analyze the tables during the test.
            database.execute("ALTER TABLE " + prefix + "run SET (autovacuum_enabled = false)",
                    "ALTER TABLE " + prefix + "status SET (autovacuum_enabled = false)");
        }
        List<RunEvent> kept = new ArrayList<>();
        List<RunEvent> doomed = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Scope scope = Scope.tenant(String.format("t%05d", i));
            DatasetKey dataset = sharedKeys || i % 2 == 0 ? ADS : CAMPAIGNS;
            kept.add(new RunEvent.Succeeded(scope, dataset, RunId.of(sharedKeys ? "kept" : "kept-" + i),
                    T0.plusMillis(i), 1));
            doomed.add(new RunEvent.Failed(scope, dataset, RunId.of(sharedKeys ? "doomed" : "doomed-" + i),
                    T0.plusSeconds(3_600).plusMillis(history == History.ONE_INSTANT ? 0 : i),
                    JobError.of("Timeout", "late", "Timeout")));
        }
        store.applyAll(kept);
        store.applyAll(doomed);
        if (analyzed) {
            // The statistics a database has of tables this size, as autovacuum or a nightly ANALYZE keeps them.
            database.execute(setup.server() == null ? "ANALYZE"
                    : setup.server() == TestServer.POSTGRESQL ? "ANALYZE " + prefix + "run, " + prefix + "status"
                    : "ANALYZE TABLE " + prefix + "run, " + prefix + "status");
        }
        windows.start();

        int deleted = store.pruneHistory(CUTOFF);

        assertThat(deleted).isEqualTo(PAIRS);
        assertThat(store.history(Scope.tenant("t00000"), ADS, 10)).singleElement()
                .satisfies(record -> assertThat(record.runId()).isEqualTo(RunId.of(sharedKeys ? "kept" : "kept-0")));
        for (SliceQuery query : SliceQuery.values()) {
            assertThat(windows.measures(query)).as("rows read by each %s on %s", query, setup)
                    .allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(ROWS_PER_SLICE));
        }
        assertThat(windows.measures(SliceQuery.WINDOW)).as("windows, one per slice of the history older than the cutoff")
                .hasSizeGreaterThanOrEqualTo(2 * PAIRS / JdbcFreshnessStore.PRUNE_SLICE);
        assertThat(windows.measures(SliceQuery.LOCKED_RECORDS)).as("locking reads, one per slice with records to delete")
                .hasSizeGreaterThanOrEqualTo(PAIRS / JdbcFreshnessStore.PRUNE_SLICE);
        assertThat(windows.measures(SliceQuery.STATUSES)).as("reads of the statuses of a slice's pairs")
                .hasSizeGreaterThanOrEqualTo(PAIRS / JdbcFreshnessStore.PRUNE_SLICE);
    }

    /** The queries of a slice of a prune. */
    private enum SliceQuery {
        WINDOW("window"), LOCKED_RECORDS("locking read of a slice's records"), STATUSES("read of a slice's statuses");

        private final String description;

        SliceQuery(String description) {
            this.description = description;
        }

        /** The query {@code sql} is, or null when it is none of a slice's. */
        static SliceQuery of(String sql) {
            String text = sql.strip();
            if (!text.startsWith("SELECT")) {
                return null;
            }
            if (text.contains("last_activity_at <")) {
                return WINDOW;
            }
            if (text.contains("dataset_key, run_id) IN") || text.contains("run_id, scope_key, dataset_key) IN")) {
                return LOCKED_RECORDS;
            }
            return text.contains("dataset_key) IN") ? STATUSES : null;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
