package dev.freshness.jdbc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store says at INFO which database it found and which dialect it speaks, and only once it has checked them,
 * which tables it verified.
 */
class StartupLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(JdbcFreshnessStore.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        // Captured, not printed.
        logger.setAdditive(false);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setAdditive(true);
        logger.setLevel(previousLevel);
    }

    @Test
    void theDetectedDialectIsLoggedAtInfo() {
        try (OpenDatabase database = DatabaseSetup.H2_MEMORY.open()) {
            JdbcFreshnessStore.using(database.dataSource()).withTablePrefix("logged_").createSchemaIfMissing().build();
        }

        assertThat(events.list).filteredOn(event -> event.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        message -> assertThat(message).startsWith("Freshness JDBC store on H2 2.")
                                .endsWith("dialect H2 (detected)").doesNotContain("logged_"),
                        message -> assertThat(message)
                                .isEqualTo("Creating the Freshness tables from META-INF/freshness/jdbc/schema/h2.sql"),
                        message -> assertThat(message).isEqualTo("Freshness JDBC store: tables logged_status, logged_run"
                                + " and logged_schema_version verified: 25 columns, key columns that compare text"
                                + " exactly, privileges SELECT, INSERT, UPDATE and DELETE, schema version 1"));
    }
}
