package dev.freshness.track.internal;

import dev.freshness.core.DatasetKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a message through at most once per interval per dataset, on an injected clock, and counts what it held
 * back so the next message can say so. A failing store fails every job at once: this keeps the log readable.
 */
final class RateLimitedLog {

    /** Writes one message, told how many were held back since the previous one. */
    interface Sink {
        void write(long suppressed, Throwable error);
    }

    private final Clock clock;
    private final Duration interval;
    private final ConcurrentHashMap<Object, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    void warn(Object dataset, Throwable error, Sink sink) {
        Instant now;
        try {
            now = clock.instant();
        } catch (RuntimeException brokenClock) {
            // Without a clock there is no interval to hold messages back by: this one is written.
            sink.write(0, error);
            return;
        }
        long suppressed = windows.computeIfAbsent(dataset, key -> new Window()).admit(now, interval);
        if (suppressed >= 0) {
            sink.write(suppressed, error);
        }
    }

    private static final class Window {
        private Instant lastWritten;
        private long held;

        /** The number held back before this one when it may be written now, or -1 when it is held back. */
        synchronized long admit(Instant now, Duration interval) {
            if (lastWritten != null && now.isBefore(lastWritten.plus(interval)) && !now.isBefore(lastWritten)) {
                held++;
                return -1;
            }
            long before = held;
            lastWritten = now;
            held = 0;
            return before;
        }
    }
}
