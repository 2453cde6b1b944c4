package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import dev.freshness.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of a cross-scope walk costs its own rows, not its position (issue 20, point 1), on every database: a page
 * deep in the walk reads, as the database counts rows, about what the first page reads. A cursor condition that no
 * index takes as the start of its range makes the walk read every status before the cursor again at each page: the
 * page after the 5,000th of 10,000 statuses then reads 5,000 rows more than the first. And no page reads every status
 * of its datasets, as H2 did for each page of either walk, through the index on the success. PostgreSQL's buffers
 * are checked further by {@link PostgresPreparedPlansTest}.
 */
class CrossScopePageCostTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    private static final int TENANTS = 2_000;
    private static final int DATASETS = 5;
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Instant DAY_AGO = NOW.minusSeconds(86_400);
    /** Rows a page deep in the walk may read beyond twice the first page's: a page's own, never the walk's. */
    private static final int SLACK = 100;
    /**
     * Rows a page of 100 of the unfiltered walk may read: its statuses, and a lookup of its runs in flight each, as
     * index entries and rows (MariaDB counts both, about 300); 10,000 for a page that reads every status.
     */
    private static final int PAGE_ROWS = 500;
    /**
     * Rows a page of 10 of the stale walk may read: at most the 200 stale statuses (as index entries, and rows on
     * MariaDB), its own rows and their runs in flight; 10,000 for a page that reads every status.
     */
    private static final int STALE_PAGE_ROWS = 1_000;

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aPageInTheMiddleOfTheWalkReadsAboutWhatTheFirstReads(DatabaseSetup setup) {
        Walk walk = new Walk(setup, "page_cost_");

        CrossScopeQuery every = CrossScopeQuery.of(walk.datasets).limit(100);
        long first = walk.rowsRead(every);
        PageCursor middle = new PageCursor(tenant(TENANTS / 2), "dataset_0");
        long deep = walk.rowsRead(every.after(middle));

        assertThat(walk.store.statusesAcrossScopes(every.after(middle)).statuses()).hasSize(100)
                .first().satisfies(status -> assertThat(status.scope().key()).isEqualTo(tenant(TENANTS / 2)));
        assertThat(first).as("rows read by the first page of 100 on %s", setup).isLessThanOrEqualTo(PAGE_ROWS);
        assertThat(deep).as("rows read by the page after the %d,000th status on %s, against %d for the first",
                        TENANTS / 2 * DATASETS / 1_000, setup, first)
                .isLessThanOrEqualTo(2 * first + SLACK);
    }

    /**
     * The walk of the stale statuses (every tenth tenant's, for one dataset: 200 of 10,000), ten at a time: its
     * eleventh page, after the 100th stale status, reads about what its first reads.
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aPageInTheMiddleOfTheStaleWalkReadsAboutWhatTheFirstReads(DatabaseSetup setup) {
        Walk walk = new Walk(setup, "stale_page_cost_");

        CrossScopeQuery stale = CrossScopeQuery.of(walk.datasets).lastSucceededBefore(DAY_AGO).limit(10);
        List<String> found = new ArrayList<>();
        List<PageCursor> cursors = new ArrayList<>();
        StatusPage page = walk.store.statusesAcrossScopes(stale);
        while (true) {
            page.statuses().forEach(status -> found.add(status.scope().key() + "/" + status.dataset().value()));
            if (page.nextPage().isEmpty()) {
                break;
            }
            cursors.add(page.nextPage().orElseThrow());
            page = walk.store.statusesAcrossScopes(stale.after(cursors.get(cursors.size() - 1)));
        }
        assertThat(found).as("the stale statuses, in (scope, dataset) order").isEqualTo(staleStatuses());

        long first = walk.rowsRead(stale);
        long deep = walk.rowsRead(stale.after(cursors.get(9)));
        assertThat(first).as("rows read by the first page of the stale walk on %s", setup)
                .isLessThanOrEqualTo(STALE_PAGE_ROWS);
        assertThat(deep).as("rows read by page 11 of the stale walk on %s, against %d for the first", setup, first)
                .isLessThanOrEqualTo(2 * first + SLACK);
    }

    /** Every status succeeded an hour ago but every tenth tenant's one dataset, two days ago. */
    private static boolean isStale(int tenant, int dataset) {
        return tenant % 10 == 0 && dataset == tenant / 10 % DATASETS;
    }

    private static List<String> staleStatuses() {
        List<String> stale = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            for (int d = 0; d < DATASETS; d++) {
                if (isStale(t, d)) {
                    stale.add(tenant(t) + "/dataset_" + d);
                }
            }
        }
        return stale;
    }

    private static String tenant(int number) {
        return String.format("tenant-%05d", number);
    }

    /** A store of its own over 10,000 statuses, with statistics, whose cross-scope pages are measured. */
    private static final class Walk {

        final Set<DatasetKey> datasets = new LinkedHashSet<>();
        final JdbcFreshnessStore store;
        private final MeasuredStatements<String> pages;

        Walk(DatabaseSetup setup, String prefix) {
            OpenDatabase database = DATABASES.of(setup);
            pages = new MeasuredStatements<>(database.dataSource(),
                    sql -> sql.contains("LIMIT") && sql.contains("ORDER BY s.scope_key, s.dataset_key") ? "page" : null,
                    (connection, statement) -> RowsRead.of(setup, connection, statement));
            store = database.emptyStore(JdbcFreshnessStore.using(pages.dataSource()).withTablePrefix(prefix));
            for (int d = 0; d < DATASETS; d++) {
                datasets.add(DatasetKey.of("dataset_" + d));
            }
            List<RunEvent> successes = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                for (int d = 0; d < DATASETS; d++) {
                    Instant at = isStale(t, d) ? NOW.minusSeconds(2 * 86_400) : NOW.minusSeconds(3_600);
                    successes.add(new RunEvent.Succeeded(Scope.tenant(tenant(t)), DatasetKey.of("dataset_" + d),
                            RunId.of("run-" + t), at, 1));
                }
            }
            store.applyAll(successes);
            // The statistics a database has of tables this size, as autovacuum or a nightly ANALYZE keeps them.
            database.execute(setup.server() == null ? "ANALYZE"
                    : setup.server() == TestServer.POSTGRESQL ? "VACUUM ANALYZE " + prefix + "run, " + prefix + "status"
                    : "ANALYZE TABLE " + prefix + "run, " + prefix + "status");
            pages.start();
        }

        /** The rows the store's query of {@code query}'s page reads, as the database counts them. */
        long rowsRead(CrossScopeQuery query) {
            int before = pages.measures("page").size();
            store.statusesAcrossScopes(query);
            List<Long> measures = pages.measures("page");
            assertThat(measures).as("measures of the page's one query").hasSize(before + 1);
            return measures.get(before);
        }
    }
}
