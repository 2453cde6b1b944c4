package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.testsupport.CapturedLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An event's statement runs through plain JDBC, not Jdbi: a deadlock it meets (SQLState 40001, injected here in
 * front of a real database's driver) is still tried again and logged as before, and an error that is not transient
 * still reaches the caller as a {@link StoreException} with the same message, the Jdbi exception as its cause and the
 * driver's {@link SQLException} below it.
 */
class TransientWriteErrorTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aDeadlockOfAnEventsStatementIsTriedAgainAndLogged(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("twe_");
        FailingExecutions failing = new FailingExecutions(database.dataSource());
        JdbcFreshnessStore store = JdbcFreshnessStore.using(failing.dataSource()).withTablePrefix("twe_").build();
        RunId run = RunId.of("run-1");

        failing.failNext(2, "40001");
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            store.apply(new RunEvent.Succeeded(ACME, ORDERS, run, T0, 7));

            assertThat(log.messages(Level.DEBUG)).containsExactly(
                    "Retrying SUCCEEDED of run " + run + " for " + ACME + "/" + ORDERS + " after a transient error"
                            + " (attempt 1)",
                    "Retrying SUCCEEDED of run " + run + " for " + ACME + "/" + ORDERS + " after a transient error"
                            + " (attempt 2)");
        }
        assertThat(failing.failed()).isEqualTo(2);
        assertThat(failing.opened()).as("a connection of the data source per attempt").isEqualTo(3);
        assertThat(failing.closed()).as("each given back").isEqualTo(3);
        assertThat(store.status(ACME, ORDERS)).map(DatasetStatus::lastSuccess)
                .hasValueSatisfying(success -> assertThat(success).map(DatasetStatus.Success::recordsAffected).hasValue(7L));
    }

    /** A store on the caller's Jdbi writes each attempt through a handle of that Jdbi, with its listeners and plugins. */
    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL"})
    void onTheCallersJdbiEachAttemptGoesThroughOneOfItsHandles(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("twe_");
        FailingExecutions failing = new FailingExecutions(database.dataSource());
        Jdbi jdbi = Jdbi.create(failing.dataSource());
        AtomicInteger handles = new AtomicInteger();
        jdbi.getConfig(Handles.class).addListener(new HandleListener() {
            @Override
            public void handleCreated(Handle handle) {
                handles.incrementAndGet();
            }
        });
        JdbcFreshnessStore store = JdbcFreshnessStore.using(jdbi).withTablePrefix("twe_").build();
        handles.set(0);

        failing.failNext(1, "40001");
        try (CapturedLog log = CapturedLog.ofFreshness()) {
            store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-3"), T0, "job"));
            assertThat(log.messages(Level.DEBUG)).hasSize(1);
        }

        assertThat(handles.get()).isEqualTo(2);
        assertThat(failing.closed()).isEqualTo(failing.opened());
        assertThat(store.runHistory(RunId.of("run-3"))).singleElement()
                .satisfies(record -> assertThat(record.jobName()).isEqualTo("job"));
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseSetup.class, names = {"H2_MEMORY", "POSTGRESQL"})
    void anErrorThatIsNotTransientReachesTheCallerOnceWithTheDriversExceptionBelowJdbis(DatabaseSetup setup) {
        OpenDatabase database = DATABASES.of(setup);
        database.emptyStore("twe_");
        FailingExecutions failing = new FailingExecutions(database.dataSource());
        JdbcFreshnessStore store = JdbcFreshnessStore.using(failing.dataSource()).withTablePrefix("twe_").build();

        failing.failNext(5, "22001");
        assertThatThrownBy(() -> store.apply(new RunEvent.Started(ACME, ORDERS, RunId.of("run-2"), T0, "job")))
                .isInstanceOf(StoreException.class)
                .hasMessage("could not record STARTED of run run-2 for " + ACME + "/" + ORDERS + " in twe_status")
                .cause().isInstanceOf(JdbiException.class)
                .hasMessageContaining("injected failure 22001").hasMessageContaining("[statement:\"")
                .hasMessageContaining("arguments:{").hasMessageContaining("scope='acme'")
                .hasMessageContaining("run='run-2'").hasMessageContaining("job='job'")
                .cause().isInstanceOf(SQLException.class);
        assertThat(failing.failed()).as("not tried again").isEqualTo(1);
        assertThat(failing.closed()).as("the connection given back").isEqualTo(failing.opened()).isEqualTo(1);
    }

    /**
     * A data source in front of a real one whose next executions of a prepared statement throw an SQLException
     * with a given SQLState before they reach the driver.
     */
    private static final class FailingExecutions {
        private final DataSource dataSource;
        private final AtomicInteger toFail = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private volatile String sqlState;

        FailingExecutions(DataSource target) {
            this.dataSource = JdbcProxies.wrap(DataSource.class, target, (method, result) -> {
                if (!(result instanceof Connection connection)) {
                    return result;
                }
                opened.incrementAndGet();
                return JdbcProxies.wrap(Connection.class, connection, (connectionMethod, made) -> {
                    if (connectionMethod.getName().equals("close")) {
                        closed.incrementAndGet();
                    }
                    return made instanceof PreparedStatement statement ? failing(statement) : made;
                });
            });
        }

        DataSource dataSource() {
            return dataSource;
        }

        void failNext(int executions, String state) {
            sqlState = state;
            failed.set(0);
            opened.set(0);
            closed.set(0);
            toFail.set(executions);
        }

        int failed() {
            return failed.get();
        }

        int opened() {
            return opened.get();
        }

        int closed() {
            return closed.get();
        }

        private PreparedStatement failing(PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute") && toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            failed.incrementAndGet();
                            throw "40001".equals(sqlState)
                                    ? new SQLTransactionRollbackException("injected failure " + sqlState, sqlState)
                                    : new SQLException("injected failure " + sqlState, sqlState);
                        }
                        return JdbcProxies.invoke(statement, method, args);
                    });
        }
    }
}
