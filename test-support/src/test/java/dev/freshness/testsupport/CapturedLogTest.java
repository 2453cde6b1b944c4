package dev.freshness.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedLogTest {

    private static final String NAME = "dev.freshness.testsupport.sample";
    private static final String OTHER = "dev.freshness.testsupport.other";

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

    @Test
    void capturesSeveralLoggersInOneListAndRestoresEachOnClose() {
        Logger first = (Logger) LoggerFactory.getLogger(NAME);
        Logger second = (Logger) LoggerFactory.getLogger(OTHER);
        Level secondBefore = second.getLevel();
        second.setLevel(Level.WARN);
        try {
            try (CapturedLog log = CapturedLog.of(NAME, OTHER)) {
                first.info("first");
                second.debug("second");

                assertThat(log.events()).extracting(ILoggingEvent::getLoggerName).containsExactly(NAME, OTHER);
                assertThat(second.isAdditive()).isFalse();
            }

            assertThat(second.getLevel()).isEqualTo(Level.WARN);
            assertThat(second.isAdditive()).isTrue();
            assertThat(first.iteratorForAppenders()).isExhausted();
            assertThat(second.iteratorForAppenders()).isExhausted();
        } finally {
            second.setLevel(secondBefore);
        }
    }

    @Test
    void printedIsEachMessageFollowedByItsExceptionAndCauses() {
        try (CapturedLog log = CapturedLog.of(NAME)) {
            Logger logger = (Logger) LoggerFactory.getLogger(NAME);
            logger.warn("plain");
            logger.warn("failed {}", "write", new IllegalStateException("outer", new IllegalArgumentException("inner")));
            logger.info("not a warning");

            assertThat(log.printed(Level.WARN)).satisfiesExactly(
                    line -> assertThat(line).isEqualTo("plain"),
                    line -> assertThat(line).startsWith("failed write\njava.lang.IllegalStateException: outer")
                            .contains("Caused by: java.lang.IllegalArgumentException: inner"));
        }
    }
}
