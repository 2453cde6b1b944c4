package dev.freshness.jdbc;

import dev.freshness.jdbc.internal.StatementWatchdog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watchdog that bounds the store's event statements on PostgreSQL, on a real server. */
class StatementWatchdogTest {

    private static final OpenDatabases DATABASES = new OpenDatabases();

    @AfterAll
    static void dropTheDatabases() {
        DATABASES.close();
    }

    private static Connection connection() throws SQLException {
        return DATABASES.of(DatabaseSetup.POSTGRESQL).dataSource().getConnection();
    }

    @Test
    void aStatementStillRunningAtItsDeadlineIsCancelledWithinATick() throws SQLException {
        StatementWatchdog watchdog = new StatementWatchdog(Duration.ofMillis(50));
        try (Connection connection = connection();
             PreparedStatement sleep = connection.prepareStatement("SELECT pg_sleep(30)")) {
            long start = System.nanoTime();
            try (StatementWatchdog.Watch watch = watchdog.watch(sleep, Duration.ofMillis(300))) {
                assertThatThrownBy(sleep::executeQuery).isInstanceOf(SQLException.class)
                        .extracting(error -> ((SQLException) error).getSQLState()).isEqualTo("57014");
                assertThat(watch.cancelled()).isTrue();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        }
        assertThat(watchdog.watched()).isZero();
    }

    @Test
    void aStatementOverBeforeItsDeadlineIsNeitherCancelledNorHitsTheConnectionsNextStatement() throws Exception {
        StatementWatchdog watchdog = new StatementWatchdog(Duration.ofMillis(20));
        try (Connection connection = connection()) {
            try (PreparedStatement quick = connection.prepareStatement("SELECT 1");
                 StatementWatchdog.Watch watch = watchdog.watch(quick, Duration.ofMillis(100))) {
                quick.executeQuery().close();
                assertThat(watch.cancelled()).isFalse();
            }
            // Past the first statement's deadline, on the same connection: nothing cancels it.
            try (PreparedStatement next = connection.prepareStatement("SELECT pg_sleep(0.4)")) {
                next.executeQuery().close();
            }
        }
        assertThat(watchdog.watched()).isZero();
    }

    @Test
    void itsThreadEndsWhenNothingIsWatchedAndTheNextStatementStartsItAgain() throws Exception {
        StatementWatchdog watchdog = new StatementWatchdog(Duration.ofMillis(5));
        try (Connection connection = connection();
             PreparedStatement quick = connection.prepareStatement("SELECT 1")) {
            watchdog.watch(quick, Duration.ofSeconds(5)).close();
            assertThat(watchdog.isRunning()).isTrue();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (watchdog.isRunning() && System.nanoTime() - until < 0) {
                Thread.sleep(5);
            }
            assertThat(watchdog.isRunning()).isFalse();

            try (PreparedStatement sleep = connection.prepareStatement("SELECT pg_sleep(30)");
                 StatementWatchdog.Watch watch = watchdog.watch(sleep, Duration.ofMillis(100))) {
                assertThat(watchdog.isRunning()).isTrue();
                assertThatThrownBy(sleep::executeQuery).isInstanceOf(SQLException.class);
                assertThat(watch.cancelled()).isTrue();
            }
        }
    }

    @Test
    void aTickThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new StatementWatchdog(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tick must be > 0, was PT0S");
    }
}
