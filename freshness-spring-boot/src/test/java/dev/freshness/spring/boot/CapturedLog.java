package dev.freshness.spring.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What a logger (and its children) writes at DEBUG and above while open: captured, not printed, so that the
 * warnings a test provokes on purpose are checked instead of filling the build output with stack traces.
 */
final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    /** Everything under {@code dev.freshness}: the tracked-job wrapper and the stores. */
    static CapturedLog ofFreshness() {
        return new CapturedLog("dev.freshness");
    }

    /** Everything under {@code loggerName}. */
    static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The formatted messages logged at {@code level}. */
    List<String> messages(Level level) {
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
