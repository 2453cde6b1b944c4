package dev.freshness.jdbc;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.ConnectionsOnlyDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write whose connection the server killed (PostgreSQL {@code pg_terminate_backend}, MariaDB {@code KILL
 * CONNECTION}, H2 {@code ABORT_SESSION}) is tried once more on a fresh connection, and stored: a connection that
 * died is not an outage. A connection that cannot be opened at all is not tried again.
 */
class LostConnectionTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseSetup.class)
    void aWriteWhoseConnectionWasKilledIsStoredOnAFreshConnection(DatabaseSetup setup) throws Exception {
        try (OpenDatabase database = setup.open()) {
            KillingDataSource dataSource = new KillingDataSource(database);
            JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("lost_")
                    .createSchemaIfMissing().build();
            for (int round = 0; round < 3; round++) {
                RunId run = RunId.of("run-" + round);
                dataSource.killTheNextConnection();
                int before = dataSource.handedOut();
                store.apply(new RunEvent.Succeeded(ACME, ORDERS, run, T0.plusSeconds(round), round));
                assertThat(dataSource.killed()).as("connections killed").isEqualTo(round + 1);
                assertThat(dataSource.handedOut() - before).as("the killed connection, then a fresh one").isEqualTo(2);
                assertThat(store.status(ACME, ORDERS)).map(DatasetStatus::lastSuccess)
                        .hasValueSatisfying(success -> assertThat(success).map(DatasetStatus.Success::runId).hasValue(run));
            }
        }
    }

    /**
     * A batch's chunk whose connection died is written again on a fresh one; the other chunks are not repeated.
     * Not on PostgreSQL here: pgjdbc 42 meets the dead connection in {@code executeBatch} with an {@code assert} of
     * its own ({@code BatchResultHandler.isAutoCommit}), which fails under the tests' {@code -ea} instead of
     * throwing the driver's SQLException, as it does in an application (run without {@code -ea}).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DatabaseSetup.class, names = "POSTGRESQL", mode = EnumSource.Mode.EXCLUDE)
    void aBatchChunkWhoseConnectionWasKilledIsStoredOnAFreshConnection(DatabaseSetup setup) throws Exception {
        try (OpenDatabase database = setup.open()) {
            KillingDataSource dataSource = new KillingDataSource(database);
            JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("lost_")
                    .createSchemaIfMissing().build();
            int events = 2 * JdbcFreshnessStore.BATCH_CHUNK_SIZE + 1;
            java.util.List<RunEvent> batch = new java.util.ArrayList<>();
            java.util.Set<Scope> scopes = new java.util.HashSet<>();
            for (int i = 0; i < events; i++) {
                Scope scope = Scope.tenant(String.format("tenant-%05d", i));
                scopes.add(scope);
                batch.add(new RunEvent.Succeeded(scope, ORDERS, RunId.of("run-1"), T0, i));
            }
            dataSource.killTheNextConnection();
            int before = dataSource.handedOut();

            store.applyAll(batch);

            assertThat(dataSource.killed()).as("connections killed").isEqualTo(1);
            assertThat(dataSource.handedOut() - before).as("the killed connection, a fresh one, then one per chunk")
                    .isEqualTo(4);
            assertThat(store.statuses(scopes, java.util.Set.of(ORDERS))).hasSize(events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL"})
    void aConnectionThatCannotBeOpenedIsNotTriedAgain(DatabaseSetup setup) throws Exception {
        try (OpenDatabase database = setup.open()) {
            KillingDataSource dataSource = new KillingDataSource(database);
            JdbcFreshnessStore store = JdbcFreshnessStore.using(dataSource).withTablePrefix("lost_")
                    .createSchemaIfMissing().build();
            dataSource.refuse.set(true);
            int before = dataSource.handedOut();
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("r"), T0, null)))
                    .isInstanceOf(dev.freshness.core.StoreException.class);
            assertThat(dataSource.refused.get()).isEqualTo(1);
            assertThat(dataSource.handedOut()).isEqualTo(before);
        }
    }

    /** Opens plain connections (no pool to evict a dead one), and kills the next one on the server when told. */
    private static final class KillingDataSource extends ConnectionsOnlyDataSource {
        private final OpenDatabase database;
        private final DriverManagerDataSource plain;
        private final AtomicBoolean killNext = new AtomicBoolean();
        private final AtomicBoolean refuse = new AtomicBoolean();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger handedOut = new AtomicInteger();
        private final AtomicInteger killed = new AtomicInteger();

        KillingDataSource(OpenDatabase database) {
            this.database = database;
            this.plain = new DriverManagerDataSource(database.url());
        }

        void killTheNextConnection() {
            killNext.set(true);
        }

        int handedOut() {
            return handedOut.get();
        }

        int killed() {
            return killed.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (refuse.get()) {
                refused.incrementAndGet();
                throw new SQLNonTransientConnectionException("Connection refused", "08001");
            }
            Connection connection = plain.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute(database.setup().sessionStatement());
            }
            handedOut.incrementAndGet();
            if (killNext.compareAndSet(true, false)) {
                kill(connection);
                killed.incrementAndGet();
            }
            return connection;
        }

        private void kill(Connection victim) throws SQLException {
            switch (database.setup()) {
                case POSTGRESQL -> {
                    long pid = single(victim, "SELECT pg_backend_pid()");
                    database.execute("SELECT pg_terminate_backend(" + pid + ")");
                    awaitGone("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid);
                }
                case MARIADB, MARIADB_CONNECTOR_J -> {
                    long id = single(victim, "SELECT CONNECTION_ID()");
                    database.execute("KILL CONNECTION " + id);
                    awaitGone("SELECT count(*) FROM information_schema.processlist WHERE id = " + id);
                }
                case H2_MEMORY, H2_FILE -> {
                    long id = single(victim, "SELECT SESSION_ID()");
                    database.execute("CALL ABORT_SESSION(" + id + ")");
                }
            }
        }

        private static long single(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        private void awaitGone(String countQuery) throws SQLException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (Connection side = database.dataSource().getConnection()) {
                    if (single(side, countQuery) == 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("the killed connection gone within 10 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }
}
