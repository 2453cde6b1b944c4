package dev.freshness.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedLogTest {

    private static final String NAME = "dev.freshness.testsupport.sample";

    @Test
    void capturesTheLoggerAndTheLoggersBelowItFromDebugOnAndRestoresItOnClose() {
        Logger logger = (Logger) LoggerFactory.getLogger(NAME);
        Level before = logger.getLevel();
        boolean additiveBefore = logger.isAdditive();

        try (CapturedLog log = CapturedLog.of(NAME)) {
            LoggerFactory.getLogger(NAME + ".child").debug("debug {}", 1);
            logger.info("info");
            logger.warn("first warning");
            logger.warn("second warning");
            logger.error("error");

            assertThat(log.messages(Level.DEBUG)).containsExactly("debug 1");
            assertThat(log.messages(Level.INFO)).containsExactly("info");
            assertThat(log.warnings()).containsExactly("first warning", "second warning");
            assertThat(log.messages(Level.ERROR)).containsExactly("error");
            assertThat(log.events()).hasSize(5);
        }

        assertThat(logger.getLevel()).isEqualTo(before);
        assertThat(logger.isAdditive()).isEqualTo(additiveBefore);
    }

    @Test
    void atTheConfiguredLevelCapturesOnlyWhatTheConfigurationLetsThrough() {
        Logger logger = (Logger) LoggerFactory.getLogger(NAME);
        Level before = logger.getLevel();
        logger.setLevel(Level.WARN);
        try (CapturedLog log = CapturedLog.atConfiguredLevel(NAME)) {
            logger.info("not captured");
            logger.warn("captured");

            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo("captured");
            });
            assertThat(logger.getLevel()).isEqualTo(Level.WARN);
        } finally {
            logger.setLevel(before);
        }
    }

    @Test
    void closeDetachesTheCapture() {
        Logger logger = (Logger) LoggerFactory.getLogger(NAME);
        CapturedLog log = CapturedLog.of(NAME);
        assertThat(logger.iteratorForAppenders()).hasNext();

        log.close();

        assertThat(logger.iteratorForAppenders()).isExhausted();
    }
}
