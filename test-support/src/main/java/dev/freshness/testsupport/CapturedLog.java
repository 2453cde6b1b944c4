package dev.freshness.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What a logger (and the loggers below it) writes while a test runs, kept in a list instead of printed: the
 * appender is attached with additivity off, so the warnings and stack traces a test provokes on purpose are
 * asserted instead of filling the build output. {@link #close()} detaches it and restores the logger's level and
 * additivity as they were. Needs logback as the SLF4J binding, which every module's tests use.
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

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String loggerName, Level threshold) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        // Off the console before the threshold is lowered, and back to its level before it is on the console
        // again (close): a background thread of another test may log at any moment in between.
        logger.setAdditive(false);
        if (threshold != null) {
            logger.setLevel(threshold);
        }
    }

    /** Everything under {@code dev.freshness}, at DEBUG and above. */
    public static CapturedLog ofFreshness() {
        return of(FRESHNESS);
    }

    /** Everything under {@code loggerName}, at DEBUG and above (the logger's level is lowered while open). */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName, Level.DEBUG);
    }

    /**
     * Everything under {@code loggerName} at the level the test's logging configuration gives it: for a test that
     * asserts that nothing, or exactly one event, was logged at the levels a user would see.
     */
    public static CapturedLog atConfiguredLevel(String loggerName) {
        return new CapturedLog(loggerName, null);
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

    @Override
    public void close() {
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        logger.detachAppender(appender);
        appender.stop();
    }
}
