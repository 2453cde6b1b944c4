package dev.freshness.track;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Captures what a logger (by default the wrapper's, {@code dev.freshness.track}) logs at DEBUG and above, while
 * open. What it captures does not reach the console, so that a test which provokes a warning keeps the build
 * output quiet.
 */
@SuppressWarnings("exports") // tests compile inside the module; logback is a test dependency, not one of its exports
public final class LogCapture implements AutoCloseable {

    /** The logger of the tracked-job wrapper. */
    public static final String TRACK = "dev.freshness.track";

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Captures the wrapper's logger. */
    public LogCapture() {
        this(TRACK);
    }

    /** Captures the logger {@code name} and the loggers below it. */
    public LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        // Detached from the console before DEBUG is let through, and WARN again before attached again: a
        // background thread of another test (a redelivery retrying) may log at any moment in between.
        logger.setAdditive(false);
        logger.setLevel(Level.DEBUG);
    }

    /** The events logged at {@code level}. */
    public List<ILoggingEvent> at(Level level) {
        return List.copyOf(appender.list).stream().filter(event -> event.getLevel() == level).toList();
    }

    /** The messages logged at {@code level}, with their arguments filled in. */
    public List<String> messagesAt(Level level) {
        return at(level).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        logger.detachAppender(appender);
    }
}
