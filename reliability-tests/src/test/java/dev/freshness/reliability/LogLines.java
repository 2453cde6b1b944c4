package dev.freshness.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures what some loggers (and their children) write at DEBUG and above, while open: captured, not printed,
 * so that a test that provokes a thousand warnings keeps the build output readable and shows no stack trace.
 */
final class LogLines implements AutoCloseable {

    /** The connection pool, which logs at WARN each connection that a test breaks on purpose. */
    static final String POOL = "com.zaxxer.hikari";

    private final List<Logger> loggers;
    private final List<Level> previousLevels;
    private final List<Boolean> previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(List<String> loggerNames) {
        loggers = loggerNames.stream().map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        previousLevels = loggers.stream().map(Logger::getLevel).toList();
        previousAdditive = loggers.stream().map(Logger::isAdditive).toList();
        appender.start();
        for (Logger logger : loggers) {
            logger.addAppender(appender);
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
        }
    }

    /** Everything under {@code dev.freshness}: the wrapper ({@code dev.freshness.track}) and the stores. */
    static LogLines ofFreshness() {
        return new LogLines(List.of("dev.freshness"));
    }

    /** Everything under {@code dev.freshness}, and also under each of {@code others}. */
    static LogLines ofFreshnessAnd(String... others) {
        List<String> names = new ArrayList<>(List.of("dev.freshness"));
        names.addAll(List.of(others));
        return new LogLines(names);
    }

    /** What the loggers under {@code loggerName} wrote at {@code level}. */
    List<ILoggingEvent> at(Level level, String loggerName) {
        return at(level).stream().filter(event -> event.getLoggerName().startsWith(loggerName)).toList();
    }

    /** The lines logged at {@code level}. */
    List<ILoggingEvent> at(Level level) {
        // The appender adds under its own lock.
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == level).toList();
        }
    }

    /** Each line of {@code dev.freshness} as it would be printed: the message, then the exception with its causes. */
    List<String> printed(Level level) {
        return at(level, "dev.freshness").stream().map(LogLines::print).toList();
    }

    private static String print(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(previousLevels.get(i));
            loggers.get(i).setAdditive(previousAdditive.get(i));
        }
    }
}
