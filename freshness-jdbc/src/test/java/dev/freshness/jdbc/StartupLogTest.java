package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store says at INFO which database it found and which dialect it speaks, and only once it has checked them,
 * which tables it verified.
 */
class StartupLogTest {

    @Test
    void theDetectedDialectIsLoggedAtInfo() {
        try (CapturedLog log = CapturedLog.of(JdbcFreshnessStore.class.getName())) {
            try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
                JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("logged_").createSchemaIfMissing()
                        .build();
            }

            assertThat(log.messages(Level.INFO)).satisfiesExactly(
                    message -> assertThat(message).startsWith("Freshness JDBC store on H2 2.")
                            .endsWith("dialect H2 (detected)").doesNotContain("logged_"),
                    message -> assertThat(message)
                            .isEqualTo("Creating the Freshness tables from META-INF/freshness/jdbc/schema/h2.sql"),
                    message -> assertThat(message).isEqualTo("Freshness JDBC store: tables logged_status, logged_run"
                            + " and logged_schema_version verified: 25 columns, key columns that compare text"
                            + " exactly, privileges SELECT, INSERT, UPDATE and DELETE, schema version 4"));
        }
    }
}
