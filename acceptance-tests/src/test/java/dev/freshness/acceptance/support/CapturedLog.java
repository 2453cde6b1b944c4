package dev.freshness.acceptance.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What one logger writes while a test runs, kept in a list instead of printed: attached with additivity off,
 * so expected warnings reach no console, and detached by {@link #close()}, which restores the logger as it was.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.of("dev.freshness.track")) {
 *     ...
 *     assertThat(log.warnings()).singleElement().asString().contains("ad_classifications");
 * }
 * }</pre>
 */
public final class CapturedLog implements AutoCloseable {

    /** The logger of the tracked-job wrapper. */
    public static final String TRACKING = "dev.freshness.track";

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final boolean additive;

    private CapturedLog(Logger logger) {
        this.logger = logger;
        this.additive = logger.isAdditive();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    /** Starts capturing what {@code loggerName} (and the loggers below it) write. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog((Logger) LoggerFactory.getLogger(loggerName));
    }

    /** Every event captured so far, in order. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {   // AppenderBase.doAppend appends holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages of the events at WARN, in order. */
    public List<String> warnings() {
        return events().stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(additive);
        appender.stop();
    }
}
