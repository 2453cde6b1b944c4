package dev.freshness.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a logger (and the loggers below it), or several, write while a test runs, kept in a list instead of
 * printed: the appender is attached with additivity off, so the warnings and stack traces a test provokes on
 * purpose are asserted instead of filling the build output. {@link #close()} detaches it and restores each
 * logger's level and additivity as they were. Needs logback as the SLF4J binding, which every module's tests use.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.ofFreshness()) {
 *     ...
 *     assertThat(log.messages(Level.WARN)).singleElement().asString().contains("ad_classifications");
 * }
 * }</pre>
 */
public final class CapturedLog implements AutoCloseable {

    /** The logger of the tracked-job wrapper. */
    public static final String TRACKING = "dev.freshness.track";

    /** The root of every logger of the library: the tracked-job wrapper, the stores and the integrations. */
    public static final String FRESHNESS = "dev.freshness";

    /** The connection pool's loggers, which warn of each connection that a test breaks on purpose. */
    public static final String POOL = "com.zaxxer.hikari";

    private final List<Logger> loggers;
    private final List<Level> previousLevels;
    private final List<Boolean> previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(List<String> loggerNames, Level threshold) {
        loggers = loggerNames.stream().map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        previousLevels = loggers.stream().map(Logger::getLevel).toList();
        previousAdditive = loggers.stream().map(Logger::isAdditive).toList();
        appender.setContext(loggers.get(0).getLoggerContext());
        appender.start();
        for (Logger logger : loggers) {
            logger.addAppender(appender);
            // Off the console before the threshold is lowered, and back to its level before it is on the console
            // again (close): a background thread of another test may log at any moment in between.
            logger.setAdditive(false);
            if (threshold != null) {
                logger.setLevel(threshold);
            }
        }
    }

    /** Everything under {@code dev.freshness}, at DEBUG and above. */
    public static CapturedLog ofFreshness() {
        return of(FRESHNESS);
    }

    /**
     * Everything under {@code loggerName} and under each of {@code moreLoggerNames}, at DEBUG and above (the loggers'
     * levels are lowered while open), in one list in the order it was logged.
     */
    public static CapturedLog of(String loggerName, String... moreLoggerNames) {
        List<String> names = new ArrayList<>();
        names.add(Objects.requireNonNull(loggerName, "loggerName must not be null"));
        for (String name : moreLoggerNames) {
            names.add(Objects.requireNonNull(name, "moreLoggerNames must not contain null"));
        }
        return new CapturedLog(names, Level.DEBUG);
    }

    /**
     * Everything under {@code loggerName} at the level the test's logging configuration gives it: for a test that
     * asserts that nothing, or exactly one event, was logged at the levels a user would see.
     */
    public static CapturedLog atConfiguredLevel(String loggerName) {
        return new CapturedLog(List.of(loggerName), null);
    }

    /** Every event captured so far, in order. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {   // AppenderBase.doAppend appends holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    /** The events at {@code level}, in order. */
    public List<ILoggingEvent> events(Level level) {
        return events().stream().filter(event -> event.getLevel() == level).toList();
    }

    /** The formatted messages of the events at {@code level}, in order. */
    public List<String> messages(Level level) {
        return events(level).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages of the events at WARN, in order. */
    public List<String> warnings() {
        return messages(Level.WARN);
    }

    /**
     * The events at {@code level} as they would be printed, in order: the formatted message, then the exception
     * with its causes and stack traces, if any. For the assertions on everything a user would read in the log.
     */
    public List<String> printed(Level level) {
        return events(level).stream().map(CapturedLog::print).toList();
    }

    private static String print(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(previousLevels.get(i));
            loggers.get(i).setAdditive(previousAdditive.get(i));
            loggers.get(i).detachAppender(appender);
        }
        appender.stop();
    }
}
