package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.testsupport.TestDatabase;
import dev.freshness.testsupport.TestServer;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database goes away under a store: every store method then throws a {@link StoreException} that says what
 * could not be done, with the Jdbi exception as its cause (and the driver's {@link SQLException} below it), so
 * that no Jdbi or JDBC type is ever the type a caller catches. Building a store on the dead database still fails
 * with an {@link IllegalStateException}.
 */
class DatabaseOutageTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final RunId RUN = RunId.of("run-1");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    /** The pool logs the connections it loses at WARN; here they are lost on purpose. */
    private final Logger poolLogger = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
    private Level previousPoolLevel;

    @BeforeEach
    void silenceThePool() {
        previousPoolLevel = poolLogger.getLevel();
        poolLogger.setLevel(Level.OFF);
    }

    @AfterEach
    void restoreThePool() {
        poolLogger.setLevel(previousPoolLevel);
    }

    @Test
    void anH2FileDatabaseThatWasShutDown() throws Exception {
        Path directory = OpenDatabase.temporaryDirectory();
        String file = "jdbc:h2:file:" + directory.resolve("outage");
        try {
            DriverManager.getConnection(file).close();
            // IFEXISTS: once the file is gone, a new connection fails instead of creating an empty database.
            try (HikariDataSource pool = quickPool(file + ";IFEXISTS=TRUE")) {
                JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).createSchemaIfMissing().build();
                store.apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
                Connection closed = pool.getConnection();
                closed.close();

                shutDown(pool);
                OpenDatabase.deleteRecursively(directory);

                assertEveryMethodThrowsAStoreException(store, closed);
                assertThatThrownBy(() -> JdbcFreshnessStore.using(pool).build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot start the Freshness JDBC store: ");
            }
        } finally {
            OpenDatabase.deleteRecursively(directory);
        }
    }

    @Test
    void aPostgresqlDatabaseThatRefusesConnections() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestServer.POSTGRESQL);
             HikariDataSource pool = quickPool(database.url())) {
            JdbcFreshnessStore store = JdbcFreshnessStore.using(pool).createSchemaIfMissing().build();
            store.apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job"));
            Connection closed = pool.getConnection();
            closed.close();

            // Only this test's own database: no new connection, and the open ones ended.
            administer("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name()
                            + "' AND pid <> pg_backend_pid()");
            try {
                assertEveryMethodThrowsAStoreException(store, closed);
                assertThatThrownBy(() -> JdbcFreshnessStore.using(pool).build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot start the Freshness JDBC store: ");
            } finally {
                administer("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
            }
        }
    }

    private static void assertEveryMethodThrowsAStoreException(JdbcFreshnessStore store, Connection closed) {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("apply(Started)", () -> store.apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job")));
        calls.put("apply(Succeeded)", () -> store.apply(new RunEvent.Succeeded(ACME, ORDERS, RUN, T0, 5)));
        calls.put("apply(Failed)", () -> store.apply(new RunEvent.Failed(ACME, ORDERS, RUN, T0,
                JobError.of("java.io.IOException", "boom", null))));
        calls.put("createStatusesIfAbsent", () -> store.createStatusesIfAbsent(ACME, Set.of(ORDERS)));
        calls.put("status", () -> store.status(ACME, ORDERS));
        calls.put("statuses", () -> store.statuses(Set.of(ACME, Scope.global()), Set.of(ORDERS)));
        calls.put("statusesAcrossScopes", () -> store.statusesAcrossScopes(CrossScopeQuery.of(Set.of(ORDERS))));
        calls.put("runHistory", () -> store.runHistory(RUN));
        calls.put("history", () -> store.history(ACME, ORDERS, 10));
        calls.put("pruneHistory", () -> store.pruneHistory(T0));
        calls.put("apply on a closed connection of the caller's",
                () -> store.inTransactionOf(closed).apply(new RunEvent.Started(ACME, ORDERS, RUN, T0, "job")));
        calls.put("status on a closed connection of the caller's",
                () -> store.inTransactionOf(closed).status(ACME, ORDERS));

        SoftAssertions softly = new SoftAssertions();
        calls.forEach((method, call) -> softly.assertThatThrownBy(call).as(method)
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not ")
                .satisfies(thrown -> assertThat(hasSqlExceptionBelow(thrown)).as("an SQLException below").isTrue())
                .cause().isInstanceOf(JdbiException.class));
        softly.assertAll();
    }

    private static void shutDown(HikariDataSource pool) throws SQLException {
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        try {
            connection.close();
        } catch (SQLException closedWithTheDatabase) {
            // Expected: the connection ended with the database, and the pool drops it.
        }
    }

    private static boolean hasSqlExceptionBelow(Throwable thrown) {
        for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** A pool that gives up on a connection after 250 ms (HikariCP's least), so that the test takes seconds. */
    private static HikariDataSource quickPool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("outage-" + OpenDatabase.randomName());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(250);
        config.setValidationTimeout(250);
        return new HikariDataSource(config);
    }

    private static void administer(String... statements) throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestServer.POSTGRESQL.adminUrl());
             Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
