package dev.freshness.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value each dialect binds for an instant, made once per event statement and bound at every position that
 * names the instant.
 */
class InstantValueTest {

    private static final Instant AT = Instant.parse("2026-12-02T04:50:59.123456Z");

    @Test
    void h2AndPostgresqlBindAnOffsetDateTimeAtUtc() {
        assertThat(new H2Dialect().instantValue(AT)).isEqualTo(OffsetDateTime.of(2026, 12, 2, 4, 50, 59, 123_456_000,
                ZoneOffset.UTC));
        assertThat(new PostgresDialect().instantValue(AT)).isEqualTo(AT.atOffset(ZoneOffset.UTC));
    }

    @Test
    void mariaDbAndMySqlBindUtcAsText() {
        assertThat(new MariaDbDialect().instantValue(AT)).isEqualTo("2026-12-02 04:50:59.123456");
        assertThat(new MySqlDialect().instantValue(AT)).isEqualTo("2026-12-02 04:50:59.123456");
    }

    @Test
    void noInstantIsNull() {
        assertThat(new H2Dialect().instantValue(null)).isNull();
        assertThat(new MariaDbDialect().instantValue(null)).isNull();
    }

    @Test
    void oneValueBoundAtSeveralPositionsGivesTheSameInstantAtEach() throws SQLException {
        H2Dialect h2 = new H2Dialect();
        Object value = h2.instantValue(AT);
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:instant_" + UUID.randomUUID());
             PreparedStatement query = connection.prepareStatement("SELECT CAST(? AS TIMESTAMP(6) WITH TIME ZONE),"
                     + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS TIMESTAMP(6) WITH TIME ZONE)")) {
            h2.bindInstantValue(query, 1, value);
            h2.bindInstantValue(query, 2, value);
            h2.bindInstantValue(query, 3, h2.instantValue(null));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(AT);
                assertThat(row.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(AT);
                assertThat(row.getObject(3, OffsetDateTime.class)).isNull();
            }
        }
    }
}
