package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures what one logger (and its children) writes at DEBUG and above, while open. */
final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        // Captured, not printed: a test that provokes a thousand warnings keeps the build output readable.
        logger.setAdditive(false);
    }

    /** Everything under {@code dev.freshness}: the wrapper ({@code dev.freshness.track}) and the stores. */
    static LogLines ofFreshness() {
        return new LogLines("dev.freshness");
    }

    /** The lines logged at {@code level}. */
    List<ILoggingEvent> at(Level level) {
        // The appender adds under its own lock.
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == level).toList();
        }
    }

    /** Each line as it would be printed: the message, then the exception with its causes. */
    List<String> printed(Level level) {
        return at(level).stream().map(LogLines::print).toList();
    }

    private static String print(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
