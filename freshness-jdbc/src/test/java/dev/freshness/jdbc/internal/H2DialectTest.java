package dev.freshness.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of H2's errors the store answers by running the transaction again. */
class H2DialectTest {

    private final H2Dialect h2 = new H2Dialect();

    @Test
    void theIllegalTransitionH2RaisesUnderLockContentionIsRunAgain() {
        SQLException illegal = new SQLNonTransientException("General error: \"Transaction was illegally transitioned from"
                + " CLOSED to ROLLING_BACK [2.3.232/103]\"; SQL statement: MERGE INTO ft_status s ...", "HY000", 50_000);

        assertThat(h2.isTransient(illegal)).isTrue();
    }

    @Test
    void otherGeneralErrorsAndSyntaxErrorsAreNot() {
        assertThat(h2.isTransient(new SQLException("General error: \"out of memory\"", "HY000", 50_000))).isFalse();
        assertThat(h2.isTransient(new SQLException("Syntax error in SQL statement", "42000", 42_000))).isFalse();
        assertThat(h2.isTransient(new SQLException("Deadlock detected", "40001", 40_001))).isTrue();
    }
}
