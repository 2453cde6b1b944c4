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

/** The store says at INFO which database it found and which dialect it speaks. */
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
                .anySatisfy(message -> assertThat(message).startsWith("Freshness JDBC store on H2 2.")
                        .contains("dialect H2 (detected), tables logged_status and logged_run"))
                .anySatisfy(message -> assertThat(message)
                        .isEqualTo("Creating the Freshness tables from META-INF/freshness/jdbc/schema/h2.sql"));
    }
}
