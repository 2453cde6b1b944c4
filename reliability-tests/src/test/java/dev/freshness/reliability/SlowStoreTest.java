package dev.freshness.reliability;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.inmemory.SettableClock;
import dev.freshness.jdbc.JdbcFreshnessStore;
import dev.freshness.testsupport.CapturedLog;
import dev.freshness.track.TrackingListener;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 2, slow store: while another session holds a row lock on the status row, every statement of the store
 * waits on PostgreSQL; a tracked job is still held no longer than the store timeout plus a small margin (the
 * timeout is a budget for all the writes of one run: here its start and its outcome).
 */
class SlowStoreTest {

    static final int RUNS = 100;
    static final Duration STORE_TIMEOUT = Duration.ofMillis(200);
    /** Room for thread scheduling on a busy 2-core machine: a bound on correctness, not a benchmark. */
    static final Duration MARGIN = Duration.ofMillis(250);
    private static final Scope ACME = Scope.tenant("acme");
    private static final Catalog CATALOG = Catalog.builder()
            .dataset("orders", "Orders")
            .producer("import", "orders")
            .page("orders_page", "Orders", Requirement.of("orders", Duration.ofHours(24)))
            .build();

    @Test
    void aRowLockedByAnotherSessionHoldsNoJobBeyondTheStoreTimeout() throws Exception {
        try (OwnDatabase database = Databases.POSTGRESQL.open()) {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(database.dataSource())
                    .withTablePrefix(Databases.PREFIX + "slow_").withStatementTimeout(Duration.ofSeconds(1))
                    .createSchemaIfMissing().build();
            SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T06:00:00Z"));
            Set<RunId> runsWithAStoreTimeout = ConcurrentHashMap.newKeySet();
            TrackingListener timeouts = new TrackingListener() {
                @Override
                public void onStoreError(RunEvent event, Throwable error) {
                    if (error instanceof TimeoutException) {
                        runsWithAStoreTimeout.add(event.runId());
                    }
                }
            };
            long worstNanos = 0;
            CapturedLog quiet = CapturedLog.ofFreshness();
            try (quiet;
                 DatasetFreshness freshness = DatasetFreshness.using(store, CATALOG).withClock(clock)
                         .withStoreTimeout(STORE_TIMEOUT).withTrackingListener(timeouts).build();
                 Connection locker = database.newDataSource(1).getConnection()) {
                freshness.records().recordSuccess(ACME, "orders", RunId.of("before"), 1);
                locker.setAutoCommit(false);
                try (Statement lock = locker.createStatement();
                     ResultSet locked = lock.executeQuery("SELECT * FROM rel_slow_status FOR UPDATE")) {
                    assertThat(locked.next()).as("the status row to lock").isTrue();
                }
                for (int i = 0; i < RUNS; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    int expected = i;
                    long started = System.nanoTime();
                    int result = freshness.track(ACME, "orders").runId(RunId.of("run-" + i)).call(() -> expected);
                    worstNanos = Math.max(worstNanos, System.nanoTime() - started);
                    assertThat(result).isEqualTo(i);
                }
                locker.rollback();
            }

            Duration worst = Duration.ofNanos(worstNanos);
            Figures.record("slow store: %d runs against a locked row, store timeout %d ms, %d runs timed out,"
                    + " worst job %.1f ms%n", RUNS, STORE_TIMEOUT.toMillis(), runsWithAStoreTimeout.size(),
                    worstNanos / 1e6);
            // The lock really held the store: every run's writes waited for it until the timeout.
            assertThat(runsWithAStoreTimeout).hasSize(RUNS);
            assertThat(worst).isLessThanOrEqualTo(STORE_TIMEOUT.plus(MARGIN));
        }
    }
}
