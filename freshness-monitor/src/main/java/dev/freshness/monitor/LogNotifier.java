package dev.freshness.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * Writes alerts to the log through SLF4J, to the logger {@value #LOGGER_NAME}: a change to WARNING or CRITICAL
 * at WARN, a recovery at INFO, a digest as one WARN entry of one line per change.
 */
public final class LogNotifier implements Notifier {

    /** The logger alerts are written to. */
    public static final String LOGGER_NAME = "dev.freshness.monitor.alerts";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    /** A notifier that writes to {@value #LOGGER_NAME}. */
    public LogNotifier() {
    }

    @Override
    public void deliver(Delivery delivery) {
        if (delivery.digest()) {
            LOG.warn("Freshness: {} changes:\n{}", delivery.changes().size(),
                    delivery.changes().stream().map(change -> "  " + change.summary()).collect(Collectors.joining("\n")));
            return;
        }
        Change change = delivery.changes().get(0);
        if (change.kind() == Change.Kind.RECOVERED) {
            LOG.info("Freshness: {}", change.summary());
        } else {
            LOG.warn("Freshness: {}", change.summary());
        }
    }

    @Override
    public String describe() {
        return "log";
    }
}
